from django.contrib import admin
from django.urls import include, path

from cooperation import views
from workspace import views as workspace_views

reference_patterns = [
    # The start page is the department workspace's dashboard.
    path("", workspace_views.home, name="home"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
    path("departments/<int:pk>/", views.department_detail, name="department_detail"),
]

admin.site.site_header = "Межрегиональное сотрудничество Смоленской области"
admin.site.site_title = "Межрегиональное сотрудничество"
admin.site.index_title = "Управление данными"

urlpatterns = [
    path("", include((reference_patterns, "cooperation"))),
    path("accounts/", include("django.contrib.auth.urls")),
    path("agreements/", include("agreements.urls")),
    path("events/", include("workspace.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
