from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("planned/<int:pk>/", views.planned_event_detail, name="planned_event_detail"),
    path("reported/<int:pk>/", views.reported_event_detail, name="reported_event_detail"),
]
