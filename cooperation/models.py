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


class RegionAliasKind(models.TextChoices):
    SHORT = "short", "краткое или неофициальное название"
    CENTRE = "centre", "административный центр"


class RegionAlias(models.Model):
    """Another name people write for a region: «Якутия», «Ленобласть», «СПб», or its
    administrative centre («г. Тверь» for Тверская область). A centre is matched in any case
    («в г. Курске», «из Калуги»): `forms` lists the case forms a regular ending rule misses."""

    region = models.ForeignKey(
        Region, verbose_name="субъект РФ", on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField("название", max_length=120, unique=True)
    kind = models.CharField("вид", max_length=10, choices=RegionAliasKind.choices)
    forms = models.CharField(
        "падежные формы",
        max_length=255,
        blank=True,
        help_text="Через запятую, если окончания не образуются по правилу: «Орла, Орле, Орлом».",
    )

    class Meta:
        verbose_name = "другое название субъекта РФ"
        verbose_name_plural = "другие названия субъектов РФ"
        # The order of the fixture: the usual short form first, the centre after it.
        ordering = ["region__number", "id"]

    def __str__(self):
        return self.alias


class ForeignPartner(models.Model):
    """A partner abroad: the regions of the Republic of Belarus. Not a subject of the
    Federation, so not a Region; documents keep it as written and the import never blocks on it."""

    name = models.CharField("наименование", max_length=150, unique=True)
    country = models.CharField("государство", max_length=100)
    aliases = models.TextField(
        "другие написания",
        blank=True,
        help_text="По одному на строку: «Витебской области», «г. Витебск», «Витебске».",
    )
    sort_order = models.PositiveIntegerField("порядок", default=1000)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "зарубежный партнёр"
        verbose_name_plural = "зарубежные партнёры"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


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

    def name_on(self, day):
        """The name the body bore on that day: a rename (DepartmentName) or the portal's name."""
        for other in self.names.all():
            if (other.valid_from is None or other.valid_from <= day) and (
                other.valid_until is None or day <= other.valid_until
            ):
                return other.name
        return self.name

    def liquidation_note(self):
        """The footnote reports put under a body that no longer exists."""
        if self.active_until is None:
            return ""
        note = f"ликвидировано с {self.active_until + timedelta(days=1):%d.%m.%Y} года"
        if self.successor_id:
            note += f", создан {self.successor.name}"
        return note


class DepartmentName(models.Model):
    """A name the same body bore for a while: «Департамент Смоленской области по образованию и
    науке» became «Министерство образования и науки Смоленской области» in 2024 and stayed one
    body (its staff, reports and submissions go on). A body liquidated and replaced by another
    is a second Department linked by `successor` instead."""

    department = models.ForeignKey(
        Department, verbose_name="орган", on_delete=models.CASCADE, related_name="names"
    )
    name = models.CharField("полное наименование", max_length=255, unique=True)
    short_name = models.CharField("краткое наименование", max_length=120, blank=True)
    valid_from = models.DateField("с", null=True, blank=True)
    valid_until = models.DateField("по", null=True, blank=True)
    # Stored documents print the name of their period: a change here gives them a new version.
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "наименование органа в разные годы"
        verbose_name_plural = "наименования органов в разные годы"
        ordering = ["department__sort_order", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="department_name_valid_range",
                violation_error_message="Дата начала позже даты окончания.",
            ),
        ]

    def __str__(self):
        return self.name


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
