"""Which periods the review workflow has closed: a quarter whose report is submitted or approved
takes no changes, and a plan row whose dates touch such a quarter is locked. The workspace, the
admin and the document import all ask here."""

from dataclasses import dataclass

from cooperation.periods import half_title, quarter_range, quarter_title, quarters_of_half
from reports.models import CLOSED_STATUSES, Submission


def closed_quarters(department_id, year, quarters, *, lock=False):
    """The quarters among `quarters` whose report is submitted or approved.

    With lock=True (inside a write) the department's submission rows stay locked until the
    transaction ends: the same rows reports.services locks on «Отправить на проверку».
    """
    submissions = Submission.objects.filter(
        department_id=department_id, year=year, quarter__in=list(quarters)
    )
    if lock:
        submissions = submissions.select_for_update()
    return sorted(s.quarter for s in submissions if s.status in CLOSED_STATUSES)


@dataclass(frozen=True)
class PlanLock:
    """Which quarters of a plan's half-year have their report in (submitted or approved).

    Submitting a quarter locks what that report covers: the plan rows whose dates touch the
    quarter. Rows of the other quarter stay open, and new rows may be added to it, until its
    own report goes in.
    """

    year: int
    half: int
    closed: tuple[int, ...]

    @property
    def open_quarters(self):
        return [q for q in quarters_of_half(self.half) if q not in self.closed]

    @property
    def whole(self):
        """Every quarter of the half-year is in: nothing in the plan may change."""
        return not self.open_quarters

    def _titles(self, quarters):
        return " и ".join(quarter_title(self.year, q) for q in quarters)

    @property
    def message(self):
        """What the plan's page says about the lock; "" while nothing is locked."""
        if not self.closed:
            return ""
        if self.whole:
            return (
                f"План на {half_title(self.year, self.half)} изменить нельзя: отчёты за "
                f"{self._titles(self.closed)} отправлены на проверку или приняты."
            )
        return (
            f"Отчёт за {self._titles(self.closed)} отправлен на проверку или принят: "
            "мероприятия плана, сроки которых приходятся на этот квартал, изменить нельзя. "
            f"Мероприятия, приходящиеся на {self._titles(self.open_quarters)}, можно добавлять, "
            "изменять и удалять."
        )

    @property
    def copy_message(self):
        """Why the previous half-year's rows cannot be copied in, or "": copies span the whole
        half-year, so they would fall into a quarter whose report is in."""
        if not self.closed:
            return ""
        return (
            f"Скопировать план нельзя: отчёт за {self._titles(self.closed)} уже отправлен, "
            "а скопированные мероприятия приходятся на всё полугодие. Добавьте нужные "
            "мероприятия по одному."
        )

    def closed_quarter_of(self, starts_on, ends_on):
        """The first locked quarter the dates touch, or None."""
        for quarter in self.closed:
            period = quarter_range(self.year, quarter)
            if starts_on <= period.end and ends_on >= period.start:
                return quarter
        return None

    def row_message(self, event):
        """Why this plan row is read-only, or "" while it may be changed."""
        quarter = self.closed_quarter_of(event.starts_on, event.ends_on)
        if quarter is None:
            return ""
        return (
            f"Мероприятие приходится на {quarter_title(self.year, quarter)}, а отчёт за этот "
            "квартал отправлен на проверку или принят: изменить или удалить мероприятие нельзя."
        )

    def dates_message(self, starts_on, ends_on):
        """Why a row cannot be given these dates, or ""."""
        quarter = self.closed_quarter_of(starts_on, ends_on)
        if quarter is None:
            return ""
        return (
            f"Сроки приходятся на {quarter_title(self.year, quarter)}, а отчёт за этот квартал "
            "уже отправлен на проверку или принят. В план можно внести мероприятие со сроками, "
            f"приходящимися на {self._titles(self.open_quarters)}."
        )


def plan_lock(department_id, year, half, *, lock=False):
    """The plan's lock; with lock=True inside a write, as closed_quarters."""
    closed = closed_quarters(department_id, year, quarters_of_half(half), lock=lock)
    return PlanLock(year, half, tuple(closed))


__all__ = ["PlanLock", "closed_quarters", "plan_lock"]
