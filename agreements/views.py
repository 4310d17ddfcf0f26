from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from agreements.models import Agreement, Roadmap, RoadmapItem


@login_required
def agreement_list(request):
    agreements = Agreement.objects.with_regions()
    roadmaps = Roadmap.objects.select_related("region", "agreement")
    return render(
        request,
        "agreements/agreement_list.html",
        {"agreements": agreements, "roadmaps": roadmaps},
    )


@login_required
def roadmap_detail(request, pk):
    roadmap = get_object_or_404(Roadmap.objects.select_related("region", "agreement"), pk=pk)
    items = list(RoadmapItem.objects.filter(section__roadmap=roadmap).with_details())
    sections = {}
    for item in items:
        sections.setdefault(item.section, []).append(item)
    return render(
        request,
        "agreements/roadmap_detail.html",
        {"roadmap": roadmap, "sections": sections.items(), "item_count": len(items)},
    )
