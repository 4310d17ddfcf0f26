"""The overview's pages. config.urls includes `urlpatterns` at the site root and serves the
agreement, region and department pages under their existing names."""

from django.urls import path

from insight.views import dashboard, lists, pages, plan_vs_fact, search

app_name = "insight"

urlpatterns = [
    path("search/", search.search, name="search"),
    path("events/planned/", lists.planned_list, name="planned_list"),
    path("events/reported/", lists.reported_list, name="reported_list"),
    path("reports/plan-vs-fact/", plan_vs_fact.plan_vs_fact, name="plan_vs_fact"),
    path("reports/plan-vs-fact/decide/", plan_vs_fact.match_decide, name="match_decide"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<slug:figure>.csv", dashboard.dashboard_csv, name="dashboard_csv"),
]

# Included into the «cooperation» namespace: cooperation:region_detail, department_detail.
reference_patterns = [
    path("regions/<int:pk>/", pages.region_detail, name="region_detail"),
    path("departments/<int:pk>/", pages.department_detail, name="department_detail"),
]

# Included into the «agreements» namespace: agreements:agreement_detail.
agreement_patterns = [
    path("<slug:slug>/", pages.agreement_detail, name="agreement_detail"),
]
