from django import template

register = template.Library()


@register.simple_tag
def elided_pages(page_obj):
    """Page numbers around the current page, with «…» for the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
