from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns = [
    path("plan/", views.plan_current, name="plan_current"),
    path("plan/<int:year>/<int:half>/", views.planned_event_list, name="planned_event_list"),
    path(
        "plan/<int:year>/<int:half>/add/", views.planned_event_create, name="planned_event_create"
    ),
    path("plan/<int:year>/<int:half>/copy/", views.planned_events_copy, name="planned_events_copy"),
    path("planned/<int:pk>/", views.planned_event_detail, name="planned_event_detail"),
    path("planned/<int:pk>/edit/", views.planned_event_update, name="planned_event_update"),
    path("planned/<int:pk>/delete/", views.planned_event_delete, name="planned_event_delete"),
    path("report/", views.report_current, name="report_current"),
    path("report/<int:year>/<int:quarter>/", views.reported_event_list, name="reported_event_list"),
    path(
        "report/<int:year>/<int:quarter>/add/",
        views.reported_event_create,
        name="reported_event_create",
    ),
    path(
        "report/<int:year>/<int:quarter>/not-held/<int:pk>/",
        views.planned_event_not_held,
        name="planned_event_not_held",
    ),
    path("report/<int:year>/<int:quarter>/submit/", views.quarter_submit, name="quarter_submit"),
    path("reported/<int:pk>/", views.reported_event_detail, name="reported_event_detail"),
    path("reported/<int:pk>/edit/", views.reported_event_update, name="reported_event_update"),
    path("reported/<int:pk>/delete/", views.reported_event_delete, name="reported_event_delete"),
    path("timing-preview/", views.timing_preview, name="timing_preview"),
]
