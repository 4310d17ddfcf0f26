"""Which department has sent which quarter's report, and who is late: one page of the admin,
with totals per quarter and per department and a «Напомнить» on each overdue cell."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from cooperation.access import reads_approved_only
from cooperation.models import Department
from cooperation.periods import (
    QUARTERS,
    REPORT_YEAR_MAX,
    REPORT_YEAR_MIN,
    is_report_year,
    quarter_range,
    roman,
)
from reports import deadlines, reminders
from reports.models import CLOSED_STATUSES, ReminderLog


def _year_asked(request, day):
    try:
        year = int(request.GET.get("year", day.year))
    except ValueError:
        return day.year
    return year if is_report_year(year) else day.year


@dataclass(frozen=True)
class Total:
    """Reports in (submitted or approved) out of those expected."""

    delivered: int
    expected: int

    @property
    def percent(self):
        return None if not self.expected else round(100 * self.delivered / self.expected)


def _delivered(cell):
    return cell.status in CLOSED_STATUSES


def grid_totals(rows, *, year, day):
    """Per quarter: reports in out of every department of the grid. Per department: quarters
    in out of the quarters already over on `day` (a quarter still running expects nothing)."""
    finished = [q for q in QUARTERS if quarter_range(year, q).end < day]
    per_quarter = [
        Total(sum(_delivered(row.cells[i]) for row in rows), len(rows))
        for i in range(len(QUARTERS))
    ]
    per_department = {
        row.department.pk: Total(
            sum(_delivered(cell) for cell in row.cells if cell.quarter in finished), len(finished)
        )
        for row in rows
    }
    overall = Total(
        sum(total.delivered for total in per_department.values()),
        sum(total.expected for total in per_department.values()),
    )
    return per_quarter, per_department, overall


class CompletenessAdminMixin:
    """Adds the grid page and its «Напомнить» to the submissions admin, under the same
    permissions: every coordinator and official sees the grid; reminding is changing."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "completeness/",
                self.admin_site.admin_view(self.completeness_view),
                name=f"{info}_completeness",
            ),
            path(
                "completeness/remind/",
                self.admin_site.admin_view(self.completeness_remind_view),
                name=f"{info}_completeness_remind",
            ),
            *super().get_urls(),
        ]

    def completeness_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        day = deadlines.today()
        year = _year_asked(request, day)
        rows = deadlines.completeness_grid(year=year, day=day)
        per_quarter, per_department, overall = grid_totals(rows, year=year, day=day)
        reminded = {
            (log.department_id, log.quarter): log.sent_on
            for log in ReminderLog.objects.filter(year=year).order_by("sent_on")
        }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Полнота квартальных отчётов за {year} год",
            "year": year,
            "year_min": REPORT_YEAR_MIN,
            "year_max": REPORT_YEAR_MAX,
            "previous_year": year - 1,
            "next_year": year + 1,
            "quarters": [
                {"roman": roman(q), "due": deadlines.report_due_date(year, q), "total": total}
                for q, total in zip(QUARTERS, per_quarter, strict=True)
            ],
            "rows": [
                {
                    "department": row.department,
                    "total": per_department[row.department.pk],
                    "cells": [
                        {"cell": cell, "reminded": reminded.get((row.department.pk, cell.quarter))}
                        for cell in row.cells
                    ],
                }
                for row in rows
            ],
            "overall": overall,
            "can_remind": self.has_change_permission(request),
            "today": day,
            # Officials open approved reports only: other cells are not links for them.
            "approved_only": reads_approved_only(request.user),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reports/submission/completeness.html", context)

    def completeness_remind_view(self, request):
        """«Напомнить» on an overdue cell: the reminder goes now; the page says what happened,
        including that nobody could be written to."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        try:
            year, quarter = int(request.POST["year"]), int(request.POST["quarter"])
            department_id = int(request.POST["department"])
        except (KeyError, ValueError):
            year = quarter = department_id = None
        if not is_report_year(year) or quarter not in QUARTERS:
            self.message_user(request, "Не указан квартал для напоминания.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:reports_submission_completeness"))
        department = get_object_or_404(Department, pk=department_id)
        result = reminders.remind_now(
            department=department, year=year, quarter=quarter, day=deadlines.today()
        )
        level = {
            reminders.Reminded.SENT: messages.SUCCESS,
            reminders.Reminded.ALREADY_TODAY: messages.INFO,
            reminders.Reminded.NO_ADDRESS: messages.WARNING,
            reminders.Reminded.NOT_OVERDUE: messages.INFO,
        }[result.outcome]
        self.message_user(request, result.message, level)
        url = reverse("admin:reports_submission_completeness")
        return HttpResponseRedirect(f"{url}?year={year}")
