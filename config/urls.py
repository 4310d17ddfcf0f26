"""The project's URLs: each app's pages under its own prefix."""

from django.contrib import admin
from django.urls import include, path

from cooperation import urls as cooperation_urls
from workspace import views as workspace_views

admin.site.site_header = "Межрегиональное сотрудничество Смоленской области"
admin.site.site_title = "Межрегиональное сотрудничество"
admin.site.index_title = "Управление данными"

# The start page is the department workspace's dashboard; it keeps the name «cooperation:home»
# next to the reference pages so that every template links to it the same way.
cooperation_patterns = [
    path("", workspace_views.home, name="home"),
    *cooperation_urls.urlpatterns,
]

urlpatterns = [
    path("", include((cooperation_patterns, "cooperation"))),
    path("accounts/", include("django.contrib.auth.urls")),
    path("agreements/", include("agreements.urls")),
    path("events/", include("workspace.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

# Error pages in the site's frame and in Russian (config/errors.py, templates/errors/).
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
