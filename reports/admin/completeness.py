"""Which department has sent which quarter's report, and who is late: one page of the admin."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from cooperation.access import reads_approved_only
from cooperation.periods import QUARTERS, REPORT_YEAR_MAX, REPORT_YEAR_MIN, is_report_year, roman
from reports import deadlines


def _year_asked(request, day):
    try:
        year = int(request.GET.get("year", day.year))
    except ValueError:
        return day.year
    return year if is_report_year(year) else day.year


class CompletenessAdminMixin:
    """Adds the grid page to the submissions admin, under the same permissions."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.completeness_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_completeness"
        return [path("completeness/", view, name=name), *super().get_urls()]

    def completeness_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        day = deadlines.today()
        year = _year_asked(request, day)
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
                {"roman": roman(q), "due": deadlines.report_due_date(year, q)} for q in QUARTERS
            ],
            "rows": deadlines.completeness_grid(year=year, day=day),
            "today": day,
            # Officials open approved reports only: other cells are not links for them.
            "approved_only": reads_approved_only(request.user),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reports/submission/completeness.html", context)
