"""Reference data shared by every app: partner regions, the oblast's departments, users."""

import re
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse

from cooperation.periods import parse_period


class FederalDistrict(models.TextChoices):
    CENTRAL = "central", "Центральный"
    NORTHWESTERN = "northwestern", "Северо-Западный"
    SOUTHERN = "southern", "Южный"
    NORTH_CAUCASIAN = "north_caucasian", "Северо-Кавказский"
    VOLGA = "volga", "Приволжский"
    URAL = "ural", "Уральский"
    SIBERIAN = "siberian", "Сибирский"
    FAR_EASTERN = "far_eastern", "Дальневосточный"


class RegionKind(models.TextChoices):
    REPUBLIC = "republic", "республика"
    KRAI = "krai", "край"
    OBLAST = "oblast", "область"
    FEDERAL_CITY = "federal_city", "город федерального значения"
    AUTONOMOUS_OBLAST = "autonomous_oblast", "автономная область"
    AUTONOMOUS_OKRUG = "autonomous_okrug", "автономный округ"


class RegionQuerySet(models.QuerySet):
    def partners(self):
        return self.filter(is_home=False)


class Region(models.Model):
    number = models.PositiveSmallIntegerField("№ в статье 65 Конституции", unique=True)
    name = models.CharField("официальное наименование", max_length=120, unique=True)
    short_name = models.CharField(
        "наименование в документах",
        max_length=120,
        unique=True,
        help_text="Как пишут в планах и отчётах: «Тверская область», «г. Москва».",
    )
    name_genitive = models.CharField("в родительном падеже", max_length=150)
    iso_code = models.CharField("код ISO 3166-2", max_length=6, blank=True)
    federal_district = models.CharField(
        "федеральный округ", max_length=20, choices=FederalDistrict.choices
    )
    kind = models.CharField("вид субъекта", max_length=20, choices=RegionKind.choices)
    is_home = models.BooleanField(
        "Смоленская область", default=False, help_text="Домашний регион портала."
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "субъект Российской Федерации"
        verbose_name_plural = "субъекты Российской Федерации"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"], condition=~Q(iso_code=""), name="region_iso_code_unique"
            ),
            models.UniqueConstraint(
                fields=["is_home"], condition=Q(is_home=True), name="region_single_home"
            ),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("cooperation:region_detail", args=[self.pk])


class DepartmentKind(models.TextChoices):
    EXECUTIVE = "executive", "орган исполнительной власти"
    INSTITUTION = "institution", "подведомственная организация"


class DepartmentQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=day),
            Q(active_until__isnull=True) | Q(active_until__gte=day),
        )


class Department(models.Model):
    name = models.CharField("полное наименование", max_length=255, unique=True)
    short_name = models.CharField("краткое наименование", max_length=120)
    kind = models.CharField(
        "вид", max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.EXECUTIVE
    )
    sort_order = models.PositiveIntegerField(
        "порядок в отчётах",
        default=1000,
        help_text="Департаменты перечисляются в отчётах по возрастанию этого числа.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="вышестоящий орган",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    active_from = models.DateField("действует с", null=True, blank=True)
    active_until = models.DateField(
        "действует по",
        null=True,
        blank=True,
        help_text="Последний день работы; на следующий день орган упразднён (ликвидирован).",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name="правопреемник",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = "департамент (учреждение)"
        verbose_name_plural = "департаменты и учреждения"
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_from__isnull=True)
                | Q(active_until__isnull=True)
                | Q(active_from__lte=models.F("active_until")),
                name="department_active_range",
                violation_error_message="Дата начала работы позже даты упразднения.",
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")),
                name="department_not_own_successor",
                violation_error_message="Орган не может быть правопреемником самого себя.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cooperation:department_detail", args=[self.pk])

    def liquidation_note(self):
        """The footnote reports put under a body that no longer exists."""
        if self.active_until is None:
            return ""
        note = f"ликвидировано с {self.active_until + timedelta(days=1):%d.%m.%Y} года"
        if self.successor_id:
            note += f", создан {self.successor.name}"
        return note


class User(AbstractUser):
    department = models.ForeignKey(
        Department,
        verbose_name="департамент",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Сотрудник видит и ведёт данные только своего департамента.",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        swappable = "AUTH_USER_MODEL"


_SPACES = re.compile(r"[ \t]+")


class Timing(models.Model):
    """When an event happens: the phrase as people wrote it and the dates it means."""

    timing_text = models.CharField(
        "сроки проведения",
        max_length=255,
        help_text="Как в документе: «август 2022 года», «5–6 сентября», «В течение всего периода».",
    )
    starts_on = models.DateField("дата начала")
    ends_on = models.DateField("дата окончания")
    timing_is_exact = models.BooleanField(
        "сроки указаны датами",
        default=True,
        help_text="Нет, если в сроках нет дат и взят весь отчётный период.",
    )

    class Meta:
        abstract = True

    @staticmethod
    def timing_values(text, parsed):
        """The four timing columns for a phrase and the period it was read as, for callers that
        build rows from keyword arguments (bulk_create, update_or_create). The phrase keeps its
        line breaks and no-break spaces («август⏎2022 года», «До\xa015 сентября»); runs of
        ordinary spaces become one."""
        lines = (text or "").strip().splitlines()
        return {
            "timing_text": "\n".join(_SPACES.sub(" ", line).strip(" ") for line in lines),
            "starts_on": parsed.start,
            "ends_on": parsed.end,
            "timing_is_exact": parsed.is_exact,
        }

    def set_timing(self, text, *, parsed=None, year=None, fallback=None):
        """Store the phrase and the dates it means: the one way the timing columns are set.

        Pass `parsed` when the caller has already read the phrase (with its own checks and
        messages); otherwise it is parsed here with the document's `year`, and a phrase with no
        dates takes the reporting period `fallback`. Raises PeriodError for an unreadable phrase.
        """
        if parsed is None:
            parsed = parse_period(text, year=year, fallback=fallback)
        for name, value in self.timing_values(text, parsed).items():
            setattr(self, name, value)
