"""Full-text search: /search/?q=…"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from cooperation.models import Region
from insight import search as engine
from insight.access import limited_to_own_department
from insight.forms import SearchForm

PAGE_SIZE = 20


@login_required
def search(request):
    limited = limited_to_own_department(request.user)
    form = SearchForm(request.GET or None, limited=limited)
    context = {"form": form, "kinds": engine.KIND_LABELS, "limited": limited}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        regions = list(Region.objects.partners())
        results = engine.search(request.user, form.cleaned_data["q"], form.filters(), regions)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            searched=True,
            results=results,
            page_obj=page,
            hits=engine.hits(results, list(page.object_list)) if results.total else [],
            named_regions=results.query.regions,
            count_labels=results.count_labels(),
            chosen_kind=form.cleaned_data.get("kind") or "",
        )
    return render(request, "insight/search.html", context)
