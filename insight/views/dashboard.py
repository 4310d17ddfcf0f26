"""The dashboard: charts drawn on the server as SVG, each with its table and a CSV download."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from cooperation.access import reads_approved_only
from insight.access import limited_to_own_department
from insight.dashboard import Dashboard, data_years
from insight.forms import DashboardForm


def _dashboard(request):
    form = DashboardForm(request.GET or None, years=data_years(request.user))
    if form.is_bound and not form.is_valid():
        return form, None
    year_from, year_to = form.period()
    return form, Dashboard(request.user, year_from=year_from, year_to=year_to)


@login_required
def dashboard(request):
    form, board = _dashboard(request)
    context = {
        "form": form,
        "limited": limited_to_own_department(request.user),
        "approved_only": reads_approved_only(request.user),
    }
    if board is not None:
        context.update(
            board=board,
            figures=board.figures(),
            map=board.map_figure(),
            foreign_partners=board.foreign_partners(),
            query=request.GET.urlencode(),
        )
    return render(request, "insight/dashboard.html", context)


@login_required
def dashboard_csv(request, figure):
    form, board = _dashboard(request)
    if board is None:
        raise Http404("Неверный период.")
    found = board.figure(figure)
    if found is None:
        raise Http404("Такого графика нет.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{found.slug}_{board.year_from}-{board.year_to}.csv"
    )
    # Excel in Russian locales opens «;»-separated UTF-8 with a byte order mark correctly.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(found.columns)
    writer.writerows(found.rows)
    return response
