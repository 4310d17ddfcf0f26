"""Agreements and roadmaps; an agreement's own page is served by insight (see config.urls)."""

from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("roadmaps/<int:pk>/", views.roadmap_detail, name="roadmap_detail"),
]
