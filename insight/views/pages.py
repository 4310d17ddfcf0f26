"""The rich pages of an agreement, a region and a department (served under their old names)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from agreements.models import Agreement
from cooperation.access import reads_approved_only
from cooperation.models import Department, Region
from insight import selectors


@login_required
def agreement_detail(request, slug):
    agreement = get_object_or_404(Agreement.objects.with_regions(), slug=slug)
    context = selectors.agreement_page(request.user, agreement, request.GET.get("page"))
    context.update(agreement=agreement, approved_only=reads_approved_only(request.user))
    return render(request, "insight/agreement_detail.html", context)


@login_required
def region_detail(request, pk):
    region = get_object_or_404(Region, pk=pk)
    context = selectors.region_page(request.user, region)
    context.update(region=region, approved_only=reads_approved_only(request.user))
    return render(request, "insight/region_detail.html", context)


@login_required
def department_detail(request, pk):
    department = get_object_or_404(Department.objects.select_related("parent", "successor"), pk=pk)
    context = selectors.department_page(request.user, department)
    context.update(department=department, approved_only=reads_approved_only(request.user))
    return render(request, "insight/department_detail.html", context)
