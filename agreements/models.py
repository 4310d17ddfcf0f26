"""Cooperation agreements with other regions and the roadmaps that implement them."""

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse

from cooperation.models import Department, Region


class Sphere(models.TextChoices):
    LAW = "law", "правовое"
    ECONOMY = "economy", "торгово-экономическое"
    SCIENCE = "science", "научно-техническое"
    SOCIAL = "social", "социальное"
    CULTURE = "culture", "культурное и гуманитарное"
    OTHER = "other", "иные сферы"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "проект"
    ACTIVE = "active", "действует"
    EXPIRED = "expired", "прекратило действие"


class AgreementQuerySet(models.QuerySet):
    def with_regions(self):
        return self.prefetch_related("regions")


class Agreement(models.Model):
    slug = models.SlugField("код", max_length=60, unique=True)
    title = models.TextField("полное наименование", help_text="Как пишут в отчётах.")
    short_title = models.CharField("краткое наименование", max_length=200)
    regions = models.ManyToManyField(
        Region, verbose_name="субъекты-партнёры", related_name="agreements"
    )
    signed_on = models.DateField("дата подписания", null=True, blank=True)
    number = models.CharField("номер", max_length=50, blank=True)
    valid_until = models.DateField("действует до", null=True, blank=True)
    status = models.CharField(
        "статус", max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )
    spheres = models.JSONField(
        "сферы сотрудничества",
        default=list,
        blank=True,
        help_text="Коды из справочника сфер: " + ", ".join(Sphere.values),
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = "соглашение о сотрудничестве"
        verbose_name_plural = "соглашения о сотрудничестве"
        ordering = ["short_title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(signed_on__lte=models.F("valid_until")),
                name="agreement_signed_before_expiry",
                violation_error_message="Дата подписания позже срока действия.",
            ),
        ]

    def __str__(self):
        return self.short_title

    def get_absolute_url(self):
        return reverse("agreements:agreement_detail", args=[self.slug])

    def get_spheres_display(self):
        labels = dict(Sphere.choices)
        return ", ".join(labels.get(code, code) for code in self.spheres)


class Roadmap(models.Model):
    title = models.TextField(
        "наименование",
        help_text="Например: План мероприятий «Дорожной карты» по развитию сотрудничества …",
    )
    short_title = models.CharField("краткое наименование", max_length=200)
    region = models.ForeignKey(
        Region, verbose_name="субъект-партнёр", on_delete=models.PROTECT, related_name="roadmaps"
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name="соглашение",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roadmaps",
    )
    start_year = models.PositiveSmallIntegerField("год начала")
    end_year = models.PositiveSmallIntegerField("год окончания")
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "«дорожная карта»"
        verbose_name_plural = "«дорожные карты»"
        ordering = ["-start_year", "short_title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=models.F("end_year")),
                name="roadmap_years_ordered",
                violation_error_message="Год начала позже года окончания.",
            ),
        ]

    def __str__(self):
        return f"{self.short_title} ({self.start_year}–{self.end_year})"

    def get_absolute_url(self):
        return reverse("agreements:roadmap_detail", args=[self.pk])

    @staticmethod
    def short_title_for(region):
        """The name lists show: «Дорожная карта»: Санкт-Петербург. The region is named in the
        nominative, which needs no case forms («с Санкт-Петербурга» was one)."""
        return f"«Дорожная карта»: {region.name}"

    @property
    def years(self):
        return range(self.start_year, self.end_year + 1)


class RoadmapSection(models.Model):
    roadmap = models.ForeignKey(
        Roadmap, verbose_name="«дорожная карта»", on_delete=models.CASCADE, related_name="sections"
    )
    number = models.CharField("номер", max_length=10, help_text="Как в документе: «1».")
    title = models.CharField("наименование", max_length=500)
    position = models.PositiveIntegerField("порядок", default=0)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "раздел «дорожной карты»"
        verbose_name_plural = "разделы «дорожной карты»"
        ordering = ["roadmap", "position"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="roadmap_section_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class RoadmapItemQuerySet(models.QuerySet):
    def with_details(self, progress_year=None):
        progress = RoadmapProgress.objects.order_by("year", "position")
        if progress_year is not None:
            progress = progress.filter(year=progress_year)
        return self.select_related("section__roadmap").prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=RoadmapResponsibility.objects.select_related(
                    "department__successor"
                ).order_by("position"),
            ),
            Prefetch("progress_entries", queryset=progress),
        )

    def for_department(self, department):
        return self.filter(responsible_departments=department).distinct()


class RoadmapItem(models.Model):
    section = models.ForeignKey(
        RoadmapSection, verbose_name="раздел", on_delete=models.CASCADE, related_name="items"
    )
    number = models.CharField(
        "номер пункта", max_length=20, help_text="Как в документе: «1.1.»; пропуски сохраняются."
    )
    position = models.PositiveIntegerField("порядок", default=0)
    title = models.TextField("наименование мероприятия")
    timeline_text = models.CharField("сроки проведения", max_length=200, blank=True)
    responsible_departments = models.ManyToManyField(
        Department,
        through="RoadmapResponsibility",
        verbose_name="ответственные исполнители",
        related_name="roadmap_items",
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = RoadmapItemQuerySet.as_manager()

    class Meta:
        verbose_name = "пункт «дорожной карты»"
        verbose_name_plural = "пункты «дорожной карты»"
        ordering = ["section__roadmap", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="roadmap_item_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.title[:80]}"

    def get_absolute_url(self):
        return reverse("agreements:roadmap_detail", args=[self.section.roadmap_id]) + (
            f"#item-{self.pk}"
        )


class RoadmapResponsibility(models.Model):
    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="responsibilities")
    department = models.ForeignKey(
        Department, verbose_name="департамент", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField("порядок", default=0)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "ответственный исполнитель"
        verbose_name_plural = "ответственные исполнители"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "department"], name="roadmap_responsible_once"),
        ]

    def __str__(self):
        return str(self.department)


class RoadmapProgress(models.Model):
    item = models.ForeignKey(
        RoadmapItem, verbose_name="пункт", on_delete=models.CASCADE, related_name="progress_entries"
    )
    year = models.PositiveSmallIntegerField("год")
    position = models.PositiveSmallIntegerField("порядок", default=0)
    text = models.TextField("информация о ходе исполнения")
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "ход исполнения"
        verbose_name_plural = "ход исполнения"
        ordering = ["item", "year", "position"]

    def __str__(self):
        return f"{self.item.number} — {self.year}: {self.text[:60]}"
