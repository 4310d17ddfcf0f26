from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from agreements.models import Agreement, Roadmap, RoadmapItem

# Up to this many items the whole roadmap is one page; a larger one (a thousand items is a
# 2.6 MB page) is read a section at a time, with the list of sections beside it.
WHOLE_ROADMAP_ITEMS = 200


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
    sections = list(roadmap.sections.annotate(item_count=Count("items")).order_by("position"))
    item_count = sum(s.item_count for s in sections)
    items = RoadmapItem.objects.filter(section__roadmap=roadmap)
    current = None
    if item_count > WHOLE_ROADMAP_ITEMS and sections:
        wanted = request.GET.get("section", "")
        current = next((s for s in sections if str(s.pk) == wanted), sections[0])
        items = items.filter(section=current)
    by_section = {}
    for item in items.with_details():
        by_section.setdefault(item.section_id, []).append(item)
    shown = [(s, by_section.get(s.pk, [])) for s in sections if current in (None, s)]
    index = sections.index(current) if current else None
    return render(
        request,
        "agreements/roadmap_detail.html",
        {
            "roadmap": roadmap,
            "sections": sections,
            "shown": shown,
            "item_count": item_count,
            "current": current,
            "previous_section": sections[index - 1] if index else None,
            "next_section": (
                sections[index + 1] if index is not None and index + 1 < len(sections) else None
            ),
        },
    )
