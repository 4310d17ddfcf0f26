"""Reference pages: regions and departments (included by config.urls as «cooperation»)."""

from django.urls import path

from cooperation import views

urlpatterns = [
    path("regions/", views.region_list, name="region_list"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
    path("departments/<int:pk>/", views.department_detail, name="department_detail"),
]
