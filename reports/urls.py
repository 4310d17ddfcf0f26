from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="report_index"),
    path("documents/<int:pk>/", views.document_status, name="document_status"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
]
