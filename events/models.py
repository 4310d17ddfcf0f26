"""Events: what departments plan for a half-year and what they report each quarter."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse

from agreements.models import Agreement, RoadmapItem
from cooperation.models import Department, ForeignPartner, Region, Timing
from cooperation.periods import HALF_CHOICES, QUARTER_CHOICES, half_of, quarter_range

# What a cell of the plan or the report can hold and still print as a table row (a title of
# 10,000 characters made the plan 21 pages long), and a head-count no event reaches. Forms and
# the admin check the lengths; the database keeps the head-count.
TITLE_MAX_LENGTH = 1000
VENUE_MAX_LENGTH = 1000
PARTICIPANTS_MAX_LENGTH = 2000
CONTENT_MAX_LENGTH = 4000
NOTE_MAX_LENGTH = 2000
PARTICIPANTS_COUNT_MAX = 1_000_000


def timing_constraint(prefix):
    return models.CheckConstraint(
        condition=Q(starts_on__lte=F("ends_on")),
        name=f"{prefix}_starts_before_ends",
        violation_error_message="Дата начала позже даты окончания.",
    )


class PlannedEventStatus(models.TextChoices):
    PLANNED = "planned", "запланировано"
    HELD = "held", "проведено"
    POSTPONED = "postponed", "перенесено"
    CANCELLED = "cancelled", "отменено"


class PlannedEventQuerySet(models.QuerySet):
    def with_details(self):
        return self.select_related(
            "department", "agreement", "roadmap_item__section"
        ).prefetch_related("regions")

    def in_half(self, year, half):
        return self.filter(year=year, half=half)

    def in_quarter(self, year, quarter):
        """Planned events of the quarter's half-year whose dates touch the quarter."""
        period = quarter_range(year, quarter)
        return self.filter(
            year=year,
            half=half_of(period.start),
            starts_on__lte=period.end,
            ends_on__gte=period.start,
        )

    def unmarked_in_quarter(self, year, quarter):
        """Plan rows of the quarter its report does not yet account for: no row of the quarter's
        report refers to them (held, not held or moved), and they were not cancelled in an
        earlier quarter (a row «в течение полугодия» cancelled in July is not asked again)."""
        reports = ReportedEvent.objects.filter(planned_event=OuterRef("pk"))
        return (
            self.in_quarter(year, quarter)
            .exclude(Exists(reports.filter(year=year, quarter=quarter)))
            .exclude(
                Q(status=PlannedEventStatus.CANCELLED)
                & Exists(reports.filter(year=year, quarter__lt=quarter, held=False))
            )
        )

    def for_department(self, department):
        return self.filter(department=department)

    def in_report_order(self):
        """Departments in register order; inside one, the document's row order, then dates."""
        return self.order_by(
            "department__sort_order",
            "department__name",
            F("position").asc(nulls_last=True),
            "starts_on",
            "pk",
        )


class PlannedEvent(Timing):
    year = models.PositiveSmallIntegerField("год")
    half = models.PositiveSmallIntegerField("полугодие", choices=HALF_CHOICES)
    department = models.ForeignKey(
        Department,
        verbose_name="департамент",
        on_delete=models.PROTECT,
        related_name="planned_events",
    )
    regions = models.ManyToManyField(
        Region, verbose_name="субъекты-партнёры", blank=True, related_name="planned_events"
    )
    # Partners abroad (regions of Belarus) beside the Russian ones; the regions text keeps them
    # as the document wrote them.
    foreign_partners = models.ManyToManyField(
        ForeignPartner,
        verbose_name="зарубежные партнёры",
        blank=True,
        related_name="planned_events",
    )
    all_regions = models.BooleanField("все субъекты РФ", default=False)
    regions_text = models.CharField(
        "субъекты РФ (как в документе)",
        max_length=500,
        blank=True,
        help_text="Текст графы плана: «Брянская, Калужская области», «Все субъекты РФ» "
        "или пояснение, если субъекты ещё не определены.",
    )
    title = models.TextField("наименование мероприятия", max_length=TITLE_MAX_LENGTH)
    venue = models.TextField("место проведения", blank=True, max_length=VENUE_MAX_LENGTH)
    content = models.TextField("содержание мероприятия", blank=True, max_length=CONTENT_MAX_LENGTH)
    participants = models.TextField(
        "участники мероприятия", blank=True, max_length=PARTICIPANTS_MAX_LENGTH
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name="соглашение",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_events",
    )
    roadmap_item = models.ForeignKey(
        RoadmapItem,
        verbose_name="пункт «дорожной карты»",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_events",
    )
    status = models.CharField(
        "статус",
        max_length=10,
        choices=PlannedEventStatus.choices,
        default=PlannedEventStatus.PLANNED,
    )
    position = models.PositiveIntegerField(
        "№ п/п в документе",
        null=True,
        blank=True,
        help_text="Порядок строки в исходном документе; новые записи идут по датам.",
    )
    version = models.PositiveIntegerField(
        "версия",
        default=1,
        editable=False,
        help_text="Растёт с каждой записью: сохранение по устаревшей версии отклоняется.",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = PlannedEventQuerySet.as_manager()

    class Meta:
        verbose_name = "мероприятие плана"
        verbose_name_plural = "мероприятия плана на полугодие"
        ordering = ["year", "half", "department__sort_order", "position", "starts_on", "pk"]
        indexes = [
            models.Index(fields=["year", "half", "department"]),
            # The version of a plan document (reports.cache) is read from this index alone.
            models.Index(fields=["year", "half", "id", "updated_at"], name="planned_event_stamp"),
        ]
        constraints = [
            timing_constraint("planned_event"),
            models.CheckConstraint(
                condition=Q(half__in=[1, 2]),
                name="planned_event_half_valid",
                violation_error_message="Полугодие — I или II.",
            ),
        ]

    def __str__(self):
        return f"{self.title[:80]} ({self.timing_text})"

    def get_absolute_url(self):
        return reverse("workspace:planned_event_detail", args=[self.pk])


class ReportedEventQuerySet(models.QuerySet):
    def with_details(self):
        return self.select_related("department", "planned_event").prefetch_related(
            Prefetch(
                "agreement_links",
                queryset=ReportedEventAgreement.objects.select_related("agreement").order_by(
                    "position"
                ),
            ),
            "regions",
            "roadmap_items",
        )

    def in_quarter(self, year, quarter):
        return self.filter(year=year, quarter=quarter)

    def in_quarters(self, year, quarters):
        return self.filter(year=year, quarter__in=list(quarters))

    def in_year(self, year):
        return self.filter(year=year)

    def for_department(self, department):
        return self.filter(department=department)

    def in_report_order(self):
        return self.order_by(
            "year",
            "quarter",
            "department__sort_order",
            "department__name",
            F("position").asc(nulls_last=True),
            "starts_on",
            "pk",
        )


class ReportedEvent(Timing):
    year = models.PositiveSmallIntegerField("год")
    quarter = models.PositiveSmallIntegerField("квартал", choices=QUARTER_CHOICES)
    department = models.ForeignKey(
        Department,
        verbose_name="департамент",
        on_delete=models.PROTECT,
        related_name="reported_events",
    )
    agreements = models.ManyToManyField(
        Agreement,
        through="ReportedEventAgreement",
        verbose_name="соглашения",
        related_name="reported_events",
    )
    planned_event = models.ForeignKey(
        PlannedEvent,
        verbose_name="мероприятие плана",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_events",
    )
    roadmap_items = models.ManyToManyField(
        RoadmapItem,
        verbose_name="пункты «дорожной карты»",
        blank=True,
        related_name="reported_events",
    )
    title = models.TextField("наименование мероприятия", max_length=TITLE_MAX_LENGTH)
    venue = models.TextField("место проведения", blank=True, max_length=VENUE_MAX_LENGTH)
    participants = models.TextField(
        "участники мероприятия",
        blank=True,
        max_length=PARTICIPANTS_MAX_LENGTH,
        help_text="Общее количество, представители регионов, другие дополнительные сведения.",
    )
    participants_count = models.PositiveIntegerField(
        "общее количество участников",
        null=True,
        blank=True,
        validators=[MaxValueValidator(PARTICIPANTS_COUNT_MAX)],
    )
    regions = models.ManyToManyField(
        Region,
        verbose_name="представленные субъекты РФ",
        blank=True,
        related_name="reported_events",
    )
    foreign_partners = models.ManyToManyField(
        ForeignPartner,
        verbose_name="зарубежные партнёры",
        blank=True,
        related_name="reported_events",
    )
    content = models.TextField(
        "содержание и результат мероприятия", blank=True, max_length=CONTENT_MAX_LENGTH
    )
    note = models.TextField(
        "примечание",
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        help_text="Причины невыполнения запланированного мероприятия.",
    )
    held = models.BooleanField("мероприятие проведено", default=True)
    position = models.PositiveIntegerField(
        "№ п/п в документе",
        null=True,
        blank=True,
        help_text="Порядок строки в исходном отчёте; новые записи идут по датам.",
    )
    version = models.PositiveIntegerField(
        "версия",
        default=1,
        editable=False,
        help_text="Растёт с каждой записью: сохранение по устаревшей версии отклоняется.",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = ReportedEventQuerySet.as_manager()

    class Meta:
        verbose_name = "мероприятие отчёта"
        verbose_name_plural = "мероприятия в отчётах"
        ordering = ["year", "quarter", "department__sort_order", "position", "starts_on", "pk"]
        indexes = [
            models.Index(fields=["year", "quarter", "department"]),
            # The version of a report document (reports.cache) is read from this index alone.
            models.Index(
                fields=["year", "quarter", "id", "updated_at"], name="reported_event_stamp"
            ),
        ]
        constraints = [
            timing_constraint("reported_event"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="reported_event_quarter_valid",
                violation_error_message="Квартал — от I до IV.",
            ),
            models.CheckConstraint(
                condition=Q(held=True) | ~Q(note=""),
                name="reported_event_reason_when_not_held",
                violation_error_message="Укажите причину, по которой мероприятие не проведено.",
            ),
            models.CheckConstraint(
                condition=Q(participants_count__isnull=True)
                | Q(participants_count__lte=PARTICIPANTS_COUNT_MAX),
                name="reported_event_participants_count_sane",
                violation_error_message=(
                    f"Участников не может быть больше {PARTICIPANTS_COUNT_MAX:,}.".replace(",", " ")
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title[:80]} ({self.timing_text})"

    def get_absolute_url(self):
        return reverse("workspace:reported_event_detail", args=[self.pk])

    def ordered_agreements(self):
        """Agreements in the order the report lists them (uses the with_details prefetch)."""
        return [link.agreement for link in self.agreement_links.all()]


class ReportedEventAgreement(models.Model):
    event = models.ForeignKey(
        ReportedEvent, on_delete=models.CASCADE, related_name="agreement_links"
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name="соглашение", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "соглашение мероприятия"
        verbose_name_plural = "соглашения, в рамках которых проведена работа"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "agreement"], name="reported_agreement_once"),
        ]

    def __str__(self):
        return str(self.agreement)
