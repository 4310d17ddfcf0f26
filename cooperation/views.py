from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from cooperation.models import Department, Region


@login_required
def region_list(request):
    regions = Region.objects.all()
    return render(request, "cooperation/region_list.html", {"regions": regions})


@login_required
def region_detail(request, pk):
    region = get_object_or_404(Region, pk=pk)
    agreements = region.agreements.prefetch_related("regions")
    return render(
        request, "cooperation/region_detail.html", {"region": region, "agreements": agreements}
    )


@login_required
def department_detail(request, pk):
    department = get_object_or_404(Department.objects.select_related("parent", "successor"), pk=pk)
    return render(request, "cooperation/department_detail.html", {"department": department})
