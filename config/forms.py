"""How every form of the site renders (settings.FORM_RENDERER): Bootstrap 5 markup.

templates/forms/field.html lays out a field (`{{ form.title.as_field_group }}`); each of
Django's own widgets gets Bootstrap's class for its kind. A widget that names a class keeps it,
and widgets with templates of their own (the admin's wrappers) are left alone.
"""

from django.forms import BoundField
from django.forms.renderers import TemplatesSetting

_WIDGETS = "django/forms/widgets/"
_CLASS_BY_TEMPLATE = {
    f"{_WIDGETS}checkbox.html": "form-check-input",
    f"{_WIDGETS}checkbox_select.html": "form-check-input",
    f"{_WIDGETS}radio.html": "form-check-input",
    f"{_WIDGETS}select.html": "form-select",
}


def bootstrap_class(widget):
    """Bootstrap's class for one of Django's widgets; None for hidden or foreign widgets."""
    template = getattr(widget, "template_name", "")
    if widget.is_hidden or not template.startswith(_WIDGETS):
        return None
    return _CLASS_BY_TEMPLATE.get(template, "form-control")


class BootstrapBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = bootstrap_class(widget)
        if css and "class" not in attrs and "class" not in widget.attrs:
            attrs["class"] = css
        return attrs


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"
    bound_field_class = BootstrapBoundField
