from django import template

register = template.Library()


@register.filter
def zip_spans(cells, spans):
    return zip(cells, spans, strict=True)
