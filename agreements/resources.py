"""Spreadsheet import/export of agreements and roadmap items (django-import-export).

Lookup widgets sit on declared fields, which import-export copies for each resource instance:
each import reads the reference data afresh (see events/resources.py).
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.widgets import Widget

from agreements.models import (
    Agreement,
    Roadmap,
    RoadmapItem,
    RoadmapResponsibility,
    RoadmapSection,
    Sphere,
)
from cooperation.models import Department, Region
from cooperation.resources import (
    CheckedInstanceLoader,
    CheckedResource,
    IntWidget,
    IsoDateWidget,
    NamedListWidget,
    NamedReferenceWidget,
    TextWidget,
)
from cooperation.text import normalize_name


class SpheresWidget(Widget):
    """Spheres by their Russian names, «; »-separated, stored as codes."""

    def clean(self, value, row=None, **kwargs):
        by_label = {normalize_name(label): code for code, label in Sphere.choices}
        codes, unknown = [], []
        for part in str(value or "").split(";"):
            if part.strip():
                code = by_label.get(normalize_name(part)) or (
                    part.strip() if part.strip() in Sphere.values else None
                )
                (codes if code else unknown).append(code or part.strip())
        if unknown:
            raise ValueError(
                "Неизвестные сферы: "
                + ", ".join(f"«{u}»" for u in unknown)
                + ". Допустимые: "
                + "; ".join(Sphere.labels)
                + "."
            )
        return codes

    def render(self, value, obj=None, **kwargs):
        labels = dict(Sphere.choices)
        return "; ".join(labels.get(code, code) for code in value or [])


class AgreementResource(CheckedResource, resources.ModelResource):
    required_columns = ("Код",)
    slug = fields.Field(attribute="slug", column_name="Код")
    title = fields.Field(attribute="title", widget=TextWidget(), column_name="Полное наименование")
    short_title = fields.Field(
        attribute="short_title",
        widget=TextWidget(),
        column_name="Краткое наименование",
    )
    regions = fields.Field(
        attribute="regions",
        column_name="Субъекты-партнёры",
        widget=NamedListWidget(Region, "short_name", "Субъект РФ"),
    )
    signed_on = fields.Field(
        attribute="signed_on", column_name="Дата подписания", widget=IsoDateWidget()
    )
    number = fields.Field(attribute="number", widget=TextWidget(), column_name="Номер")
    status = fields.Field(attribute="status", widget=TextWidget(), column_name="Статус")
    spheres = fields.Field(attribute="spheres", column_name="Сферы", widget=SpheresWidget())

    class Meta:
        model = Agreement
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "title",
            "short_title",
            "regions",
            "signed_on",
            "number",
            "status",
            "spheres",
        )
        instance_loader_class = CheckedInstanceLoader
        clean_model_instances = True

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        return super().export(queryset=queryset.prefetch_related("regions"), **kwargs)


class RoadmapItemResource(CheckedResource, resources.ModelResource):
    required_columns = ("«Дорожная карта»", "Раздел", "Номер пункта", "Наименование мероприятия")
    id = fields.Field(attribute="id", column_name="ID", widget=IntWidget())
    roadmap = fields.Field(
        column_name="«Дорожная карта»",
        widget=NamedReferenceWidget(Roadmap, "short_title", "«Дорожная карта»"),
    )
    section_number = fields.Field(column_name="Раздел")
    number = fields.Field(attribute="number", widget=TextWidget(), column_name="Номер пункта")
    title = fields.Field(
        attribute="title",
        widget=TextWidget(),
        column_name="Наименование мероприятия",
    )
    timeline_text = fields.Field(
        attribute="timeline_text",
        widget=TextWidget(),
        column_name="Сроки проведения",
    )
    responsible = fields.Field(
        column_name="Ответственные исполнители",
        widget=NamedListWidget(Department, "name", "Департамент"),
    )
    position = fields.Field(attribute="position", column_name="Порядок", widget=IntWidget())

    class Meta:
        model = RoadmapItem
        fields = (
            "id",
            "roadmap",
            "section_number",
            "number",
            "title",
            "timeline_text",
            "responsible",
            "position",
        )
        instance_loader_class = CheckedInstanceLoader
        clean_model_instances = True

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        return super().export(queryset=queryset.with_details(), **kwargs)

    def dehydrate_roadmap(self, item):
        return item.section.roadmap.short_title

    def dehydrate_section_number(self, item):
        return item.section.number

    def dehydrate_responsible(self, item):
        departments = [r.department for r in item.responsibilities.all()]
        return self.fields["responsible"].widget.render(departments)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            field = self.fields["roadmap"]
            roadmap = field.widget.clean(row.get(field.column_name))
            number = str(row.get("Раздел") or "").strip().rstrip(".")
            section = RoadmapSection.objects.filter(roadmap=roadmap, number=number).first()
            if roadmap is None or section is None:
                raise ValueError(f"Раздел «{number}» «дорожной карты» не найден.")
            instance.section = section
        except ValueError as error:
            errors["section"] = [str(error)]
        try:
            field = self.fields["responsible"]
            instance._import_responsible = field.widget.clean(row.get(field.column_name))
        except ValueError as error:
            errors["responsible"] = [str(error)]
        if instance.position is None:
            instance.position = 0
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        if instance.pk is None or (
            self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs)
        ):
            return
        instance.responsibilities.all().delete()
        RoadmapResponsibility.objects.bulk_create(
            RoadmapResponsibility(item=instance, department=d, position=p)
            for p, d in enumerate(instance._import_responsible)
        )
