"""A select box drawn in Python: filter forms list up to a thousand roadmap items and hundreds of
agreements, and the template-per-option default spends half a second on them."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if key == chosen else "", label)
                for key, label in ((self._key(v), label) for v, label in self.choices)
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)

    @staticmethod
    def _key(value):
        return "" if value is None else str(value)


def use_fast_selects(form):
    """Swap every plain select of the form for FastSelect, keeping its attributes."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            fast = FastSelect(attrs=widget.attrs)
            fast.choices = field.choices
            field.widget = fast
