"""Spreadsheet import/export of planned and reported events (django-import-export).

Departments, regions and agreements are written by name (lists separated by «;»); dates may be
left empty and are then taken from the Russian timing phrase. Links to agreements keep their
order, so they are written by the resource, not by import-export's many-to-many handling.

Every lookup widget sits on a declared field: import-export copies the fields for each resource
instance, so each import reads the reference data afresh and a name added in the admin is found
by the next import. A widget kept at module level would remember its names for the life of the
process.
"""

from django.core.exceptions import ValidationError
from django.db import connection
from import_export import fields, resources

from agreements.models import Agreement
from cooperation.models import Department, Region
from cooperation.periods import PeriodError, half_range, quarter_range
from cooperation.resources import (
    MAX_BULK_ROWS,
    CheckedInstanceLoader,
    CheckedResource,
    IntWidget,
    IsoDateWidget,
    NamedListWidget,
    NamedReferenceWidget,
    TextWidget,
    YearWidget,
    YesNoWidget,
)
from cooperation.text import plan_regions_text
from events.models import PlannedEvent, ReportedEvent, ReportedEventAgreement


def _field(attribute, column, widget=None):
    # Empty spreadsheet cells arrive as None; text columns store "" (capped in length).
    widget = widget or TextWidget()
    return fields.Field(attribute=attribute, column_name=column, widget=widget)


class EventResourceBase(CheckedResource, resources.ModelResource):
    """What planned and reported events share: reference lookups, dates from the phrase."""

    links = ()  # names of the list fields written after the row is saved

    def period_of(self, instance):
        raise NotImplementedError

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance._import_links = {}
        for name in self.links:
            field = self.fields[name]
            try:
                instance._import_links[name] = field.widget.clean(row.get(field.column_name))
            except ValueError as error:
                errors[field.column_name] = [str(error)]
        if "timing_text" not in errors and (instance.starts_on is None or instance.ends_on is None):
            try:
                instance.set_timing(
                    instance.timing_text, year=instance.year, fallback=self.period_of(instance)
                )
            except (PeriodError, TypeError, ValueError) as error:
                errors["timing_text"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        # In bulk mode rows are saved later, together; bulk_create/bulk_update write the links.
        if self._meta.use_bulk or instance.pk is None:
            return
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        self.write_links([instance])

    def write_links(self, instances):
        raise NotImplementedError

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        return super().export(queryset=queryset.with_details(), **kwargs)

    def render_list(self, name, items):
        return self.fields[name].widget.render(list(items))


def _regions_list():
    return fields.Field(
        column_name="Субъекты РФ", widget=NamedListWidget(Region, "short_name", "Субъект РФ")
    )


class PlannedEventResource(EventResourceBase):
    id = _field("id", "ID", IntWidget())
    year = _field("year", "Год", YearWidget())
    half = _field("half", "Полугодие", IntWidget())
    department = _field(
        "department", "Департамент", NamedReferenceWidget(Department, "name", "Департамент")
    )
    regions_list = _regions_list()
    all_regions = _field("all_regions", "Все субъекты РФ", YesNoWidget())
    regions_text = _field("regions_text", "Субъекты РФ (как в документе)")
    title = _field("title", "Наименование мероприятия")
    timing_text = _field("timing_text", "Сроки проведения мероприятия")
    starts_on = _field("starts_on", "Дата начала", IsoDateWidget())
    ends_on = _field("ends_on", "Дата окончания", IsoDateWidget())
    venue = _field("venue", "Место проведения мероприятия")
    content = _field("content", "Содержание мероприятия")
    participants = _field("participants", "Участники мероприятия")
    agreement = _field(
        "agreement", "Соглашение", NamedReferenceWidget(Agreement, "title", "Соглашение")
    )
    status = _field("status", "Статус")
    position = _field("position", "№ п/п", IntWidget())

    links = ("regions_list",)
    required_columns = (
        "Год",
        "Полугодие",
        "Департамент",
        "Наименование мероприятия",
        "Сроки проведения мероприятия",
    )

    class Meta:
        model = PlannedEvent
        fields = (
            "id",
            "year",
            "half",
            "department",
            "regions_list",
            "all_regions",
            "regions_text",
            "title",
            "timing_text",
            "starts_on",
            "ends_on",
            "venue",
            "content",
            "participants",
            "agreement",
            "status",
            "position",
        )
        instance_loader_class = CheckedInstanceLoader
        clean_model_instances = True

    def period_of(self, instance):
        return half_range(instance.year, instance.half)

    def dehydrate_regions_list(self, event):
        return self.render_list("regions_list", event.regions.all())

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.regions_text:
            regions = instance._import_links.get("regions_list") or []
            instance.regions_text = plan_regions_text(regions, instance.all_regions)

    def write_links(self, instances):
        through = PlannedEvent.regions.through
        through.objects.filter(plannedevent_id__in=[i.pk for i in instances]).delete()
        through.objects.bulk_create(
            through(plannedevent_id=i.pk, region_id=r.pk)
            for i in instances
            for r in i._import_links.get("regions_list", [])
        )


class ReportedEventResource(EventResourceBase):
    id = _field("id", "ID", IntWidget())
    year = _field("year", "Год", YearWidget())
    quarter = _field("quarter", "Квартал", IntWidget())
    department = _field(
        "department", "Департамент", NamedReferenceWidget(Department, "name", "Департамент")
    )
    agreements_list = fields.Field(
        column_name="Соглашения", widget=NamedListWidget(Agreement, "title", "Соглашение")
    )
    title = _field("title", "Наименование мероприятия")
    timing_text = _field("timing_text", "Сроки проведения мероприятия")
    starts_on = _field("starts_on", "Дата начала", IsoDateWidget())
    ends_on = _field("ends_on", "Дата окончания", IsoDateWidget())
    venue = _field("venue", "Место проведения мероприятия")
    participants = _field("participants", "Участники мероприятия")
    participants_count = _field("participants_count", "Общее количество участников", IntWidget())
    regions_list = _regions_list()
    content = _field("content", "Содержание и результат мероприятия")
    note = _field("note", "Примечание")
    held = _field("held", "Проведено", YesNoWidget())
    position = _field("position", "№ п/п", IntWidget())

    links = ("agreements_list", "regions_list")
    required_columns = (
        "Год",
        "Квартал",
        "Департамент",
        "Наименование мероприятия",
        "Сроки проведения мероприятия",
    )

    class Meta:
        name = "Обычный импорт (с просмотром изменений)"
        model = ReportedEvent
        fields = (
            "id",
            "year",
            "quarter",
            "department",
            "agreements_list",
            "title",
            "timing_text",
            "starts_on",
            "ends_on",
            "venue",
            "participants",
            "participants_count",
            "regions_list",
            "content",
            "note",
            "held",
            "position",
        )
        instance_loader_class = CheckedInstanceLoader
        clean_model_instances = True

    def period_of(self, instance):
        return quarter_range(instance.year, instance.quarter)

    def dehydrate_agreements_list(self, event):
        return self.render_list("agreements_list", event.ordered_agreements())

    def dehydrate_regions_list(self, event):
        return self.render_list("regions_list", event.regions.all())

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.held is None:
            instance.held = True

    def write_links(self, instances):
        ids = [i.pk for i in instances]
        ReportedEventAgreement.objects.filter(event_id__in=ids).delete()
        regions = ReportedEvent.regions.through
        regions.objects.filter(reportedevent_id__in=ids).delete()
        # Plain tuples through executemany: building tens of thousands of link objects for
        # bulk_create costs more than the events themselves on a large sheet.
        _insert(
            ReportedEventAgreement,
            ("event_id", "agreement_id", "position"),
            [
                (i.pk, a.pk, p)
                for i in instances
                for p, a in enumerate(i._import_links.get("agreements_list", []))
            ],
        )
        _insert(
            regions,
            ("reportedevent_id", "region_id"),
            [(i.pk, r.pk) for i in instances for r in i._import_links.get("regions_list", [])],
        )


def _insert(model, columns, rows):
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


class ReportedEventBulkResource(ReportedEventResource):
    """For thousands of rows: bulk inserts, no row-by-row comparison in the preview."""

    max_rows = MAX_BULK_ROWS

    class Meta(ReportedEventResource.Meta):
        name = "Быстрый импорт (без сравнения строк)"
        use_bulk = True
        skip_diff = True
        batch_size = None
        clean_model_instances = False  # the database constraints still check every row

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        created = list(self.create_instances)
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size, result)
        if created and created[0].pk is not None:
            self.write_links(created)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        updated = list(self.update_instances)
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size, result)
        if updated:
            self.write_links(updated)
