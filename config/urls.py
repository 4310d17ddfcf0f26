"""The project's URLs: each app's pages under its own prefix."""

from django.contrib import admin
from django.urls import include, path

from agreements import urls as agreements_urls
from cooperation import urls as cooperation_urls
from insight import urls as insight_urls
from ops import views as ops_views
from workspace import views as workspace_views

admin.site.site_header = "Межрегиональное сотрудничество Смоленской области"
admin.site.site_title = "Межрегиональное сотрудничество"
admin.site.index_title = "Управление данными"

# The start page is the department workspace's dashboard; it keeps the name «cooperation:home»
# next to the reference pages so that every template links to it the same way. A region's, a
# department's and an agreement's own page show events and reports, so insight serves them under
# the names the models' get_absolute_url() use.
cooperation_patterns = [
    path("", workspace_views.home, name="home"),
    *cooperation_urls.urlpatterns,
    *insight_urls.reference_patterns,
]
agreements_patterns = [*agreements_urls.urlpatterns, *insight_urls.agreement_patterns]

urlpatterns = [
    path("", include((cooperation_patterns, "cooperation"))),
    # Search, event lists, plan versus fact and the dashboard: /search/, /events/planned/,
    # /reports/plan-vs-fact/, /dashboard/ — before the workspace's and reports' own prefixes.
    path("", include(insight_urls)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("agreements/", include((agreements_patterns, "agreements"))),
    path("events/", include("workspace.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("healthz/", ops_views.healthz, name="healthz"),
]

# Error pages in the site's frame and in Russian (config/errors.py, templates/errors/).
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
