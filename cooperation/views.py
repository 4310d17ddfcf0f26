from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cooperation.models import Region


@login_required
def region_list(request):
    regions = Region.objects.all()
    return render(request, "cooperation/region_list.html", {"regions": regions})
