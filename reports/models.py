"""A department's quarterly report and its review trail."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from cooperation.models import Department
from cooperation.periods import QUARTER_CHOICES, quarter_title
from reports.documents import ReportKind


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", "черновик"
    SUBMITTED = "submitted", "на проверке"
    APPROVED = "approved", "принят"
    RETURNED = "returned", "возвращён на доработку"


# Where the completeness grid and the draft report name a quarter without any report.
NO_REPORT_LABEL = "нет отчёта"

# A report in one of these statuses has reached the coordinator: its department can no longer
# edit it, and it is not late.
CLOSED_STATUSES = frozenset({SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED})


class SubmissionAction(models.TextChoices):
    CREATED = "created", "создан"
    SUBMITTED = "submitted", "отправлен на проверку"
    APPROVED = "approved", "принят"
    RETURNED = "returned", "возвращён на доработку"
    REOPENED = "reopened", "открыт для изменений"
    IMPORTED = "imported", "загружен из документа"


# The review workflow: action → (the statuses it may start from, the status it leaves). A report
# on review is approved or returned; an approved one changes only after a coordinator reopens it,
# which hands it back to the department like a return (editable, sent again, reviewed again) but
# is logged as its own action with the reason. Creation and import are not transitions: they
# make the row. reports.services applies these; nothing else sets a status.
TRANSITIONS = {
    SubmissionAction.SUBMITTED: (
        frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}),
        SubmissionStatus.SUBMITTED,
    ),
    SubmissionAction.APPROVED: (frozenset({SubmissionStatus.SUBMITTED}), SubmissionStatus.APPROVED),
    SubmissionAction.RETURNED: (frozenset({SubmissionStatus.SUBMITTED}), SubmissionStatus.RETURNED),
    SubmissionAction.REOPENED: (frozenset({SubmissionStatus.APPROVED}), SubmissionStatus.RETURNED),
}


class SubmissionQuerySet(models.QuerySet):
    def with_details(self):
        return self.select_related("department", "submitted_by", "reviewed_by")

    def in_quarter(self, year, quarter):
        return self.filter(year=year, quarter=quarter)

    def in_quarters(self, year, quarters):
        return self.filter(year=year, quarter__in=list(quarters))

    def for_department(self, department):
        return self.filter(department=department)

    def approved(self):
        return self.filter(status=SubmissionStatus.APPROVED)


class Submission(models.Model):
    department = models.ForeignKey(
        Department, verbose_name="департамент", on_delete=models.PROTECT, related_name="submissions"
    )
    year = models.PositiveSmallIntegerField("год")
    quarter = models.PositiveSmallIntegerField("квартал", choices=QUARTER_CHOICES)
    status = models.CharField(
        "статус", max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    heading_note = models.CharField(
        "пояснение к заголовку",
        max_length=500,
        blank=True,
        help_text="Печатается в отчёте после наименования департамента, например "
        "«(в соответствии с пунктами планов в рамках реализации заключенных соглашений)».",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="отправил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("отправлен на проверку", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="проверил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("проверен", null=True, blank=True)
    review_comment = models.TextField("комментарий проверяющего", blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "квартальный отчёт департамента"
        verbose_name_plural = "квартальные отчёты департаментов"
        ordering = ["-year", "-quarter", "department__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "quarter"],
                name="submission_once_per_quarter",
                violation_error_message="Отчёт департамента за этот квартал уже существует.",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="submission_quarter_valid",
                violation_error_message="Квартал — от I до IV.",
            ),
        ]

    def __str__(self):
        return f"{self.department.short_name} — {self.period_title}"

    def get_absolute_url(self):
        return reverse("reports:submission_detail", args=[self.pk])

    @property
    def period_title(self):
        return quarter_title(self.year, self.quarter)

    @property
    def is_editable_by_staff(self):
        return self.status not in CLOSED_STATUSES


def approved_rows(rows):
    """Only the rows (of a queryset with department, year and quarter) whose quarter's report is
    approved: what readers who see no drafts are shown."""
    return rows.filter(
        Exists(
            Submission.objects.approved().filter(
                department=OuterRef("department"),
                year=OuterRef("year"),
                quarter=OuterRef("quarter"),
            )
        )
    )


class SubmissionHistory(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name="отчёт", on_delete=models.CASCADE, related_name="history"
    )
    action = models.CharField("действие", max_length=10, choices=SubmissionAction.choices)
    status = models.CharField("новый статус", max_length=10, choices=SubmissionStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("когда", auto_now_add=True)
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        verbose_name = "запись истории отчёта"
        verbose_name_plural = "история отчёта"
        ordering = ["submission", "at", "pk"]

    def __str__(self):
        # Local time, as the admin shows the same moment beside it (UTC was three hours off).
        return f"{self.get_action_display()} — {timezone.localtime(self.at):%d.%m.%Y %H:%M}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "срок подходит"
    OVERDUE = "overdue", "срок прошёл"


class ReminderLog(models.Model):
    """A reminder sent to a department; the unique row keeps a second run the same day quiet."""

    department = models.ForeignKey(
        Department, verbose_name="департамент", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("год")
    quarter = models.PositiveSmallIntegerField("квартал", choices=QUARTER_CHOICES)
    kind = models.CharField("напоминание", max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField("дата отправки")
    recipients = models.TextField("получатели", blank=True)

    class Meta:
        verbose_name = "напоминание об отчёте"
        verbose_name_plural = "напоминания об отчётах"
        ordering = ["-sent_on", "department__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "quarter", "kind", "sent_on"],
                name="reminder_once_a_day",
            ),
        ]

    def __str__(self):
        return f"{self.department.short_name} — {quarter_title(self.year, self.quarter)}"


class DocumentStatus(models.TextChoices):
    PENDING = "pending", "в очереди"
    RUNNING = "running", "готовится"
    READY = "ready", "готов"
    FAILED = "failed", "не удался"


class DocumentBuild(models.Model):
    """One document of approved data, built once for one version of the data under it and kept
    in the default storage (reports.cache). The unique row is what makes a second reader wait
    for the build under way instead of starting another."""

    kind = models.CharField("документ", max_length=10, choices=ReportKind.choices)
    params = models.CharField("период", max_length=40, help_text="Например: year=2030&quarter=1.")
    format = models.CharField("формат", max_length=4)
    version = models.CharField("версия данных", max_length=64)
    status = models.CharField(
        "состояние", max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    file = models.FileField("файл", upload_to="documents/", max_length=255, blank=True)
    filename = models.CharField("имя файла для скачивания", max_length=255, blank=True)
    rows_expected = models.PositiveIntegerField("строк ожидается", default=0)
    rows_done = models.PositiveIntegerField("строк готово", default=0)
    error = models.TextField("ошибка", blank=True)
    created_at = models.DateTimeField("заказан", auto_now_add=True)
    # Moves with every step of a build: a build whose time stands still has lost its worker.
    updated_at = models.DateTimeField("изменён", auto_now=True)
    finished_at = models.DateTimeField("готов", null=True, blank=True)

    class Meta:
        verbose_name = "готовый документ"
        verbose_name_plural = "готовые документы"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "params", "format", "version"],
                name="document_build_once_per_version",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.params}, {self.format})"
