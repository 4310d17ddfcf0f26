"""Reference pages: the list of regions (included by config.urls as «cooperation»).

A region's and a department's own page are served by insight (see config.urls), which may read
the events above this app.
"""

from django.urls import path

from cooperation import views

urlpatterns = [
    path("regions/", views.region_list, name="region_list"),
]
