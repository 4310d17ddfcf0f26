"""Figures of the dashboard: every one a GROUP BY in the database, none a loop over events.

Each figure is a `Figure`: a title, the column captions and rows of its data table (the same rows
go to its CSV download) and the chart drawn from them.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from agreements.models import Agreement
from cooperation.access import reads_approved_only
from cooperation.models import Department, ForeignPartner, Region
from cooperation.periods import half_title, quarter_of, roman
from events.models import ReportedEvent, ReportedEventAgreement
from insight import charts
from insight.access import visible_planned_events, visible_reported_events
from insight.matching import OUTCOME_LABELS, Outcome, with_outcome

TOP_DEPARTMENTS = 6
TOP_REGIONS = 10
TOP_AGREEMENTS = 15
OUTCOME_COLOURS = {
    Outcome.HELD: "#009E73",
    Outcome.NOT_HELD: "#D55E00",
    Outcome.POSTPONED: "#E69F00",
    Outcome.NO_INFO: "#9AA0A6",
}


@dataclass
class Figure:
    slug: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: object = None
    kind: str = "columns"  # how the template draws the chart
    note: str = ""


def quarter_label(year, quarter):
    return f"{roman(quarter)} кв. {year}"


def quarter_axis(quarters):
    """Chart categories for quarters: «III кв.» over its year."""
    return [(f"{roman(q)} кв.", year) for year, q in quarters]


def data_years(user):
    """(first, last) year with visible report rows or plans; None when there are none."""
    reported = visible_reported_events(user).aggregate(first=Min("year"), last=Max("year"))
    planned = visible_planned_events(user).aggregate(first=Min("year"), last=Max("year"))
    firsts = [v for v in (reported["first"], planned["first"]) if v]
    lasts = [v for v in (reported["last"], planned["last"]) if v]
    if not firsts:
        return None
    return min(firsts), max(lasts)


class Dashboard:
    def __init__(self, user, *, year_from, year_to):
        self.user = user
        self.year_from, self.year_to = year_from, year_to
        self.reported = visible_reported_events(user).filter(year__gte=year_from, year__lte=year_to)
        self.held = self.reported.filter(held=True)
        self.planned = visible_planned_events(user).filter(year__gte=year_from, year__lte=year_to)

    def quarters(self):
        today = timezone.localdate()
        now = (today.year, quarter_of(today))
        return [
            (year, quarter)
            for year in range(self.year_from, self.year_to + 1)
            for quarter in (1, 2, 3, 4)
            if (year, quarter) <= now
        ]

    def figures(self):
        return [
            self.events_by_quarter(),
            self.participants_by_quarter(),
            self.top_regions(),
            self.plan_share(),
            self.agreements_activity(),
        ]

    def figure(self, slug):
        makers = {
            "events": self.events_by_quarter,
            "participants": self.participants_by_quarter,
            "regions": self.top_regions,
            "plan": self.plan_share,
            "agreements": self.agreements_activity,
            "map": self.map_figure,
        }
        return makers[slug]() if slug in makers else None

    # --- figures ------------------------------------------------------------------------------

    def events_by_quarter(self):
        counts = self.held.order_by().values_list("year", "quarter", "department")
        counts = counts.annotate(n=Count("pk"))
        quarters = self.quarters()
        totals = {}
        cells = {}
        for year, quarter, department, n in counts:
            totals[department] = totals.get(department, 0) + n
            cells[year, quarter, department] = n
        ranked = sorted(totals, key=lambda d: -totals[d])
        top, rest = ranked[:TOP_DEPARTMENTS], ranked[TOP_DEPARTMENTS:]
        names = dict(Department.objects.filter(pk__in=ranked).values_list("pk", "short_name"))
        series = [
            (names[d], charts.PALETTE[i], [cells.get((y, q, d), 0) for y, q in quarters])
            for i, d in enumerate(top)
        ]
        if rest:
            series.append(
                (
                    "Другие департаменты",
                    charts.OTHERS_COLOUR,
                    [sum(cells.get((y, q, d), 0) for d in rest) for y, q in quarters],
                )
            )
        labels = [quarter_label(y, q) for y, q in quarters]
        columns = ["Квартал"] + [name for name, _, _ in series] + ["Всего"]
        rows = [
            [label] + [values[i] for _, _, values in series] + [sum(v[i] for *_, v in series)]
            for i, label in enumerate(labels)
        ]
        return Figure(
            slug="events",
            title="Проведённые мероприятия по кварталам и департаментам",
            columns=columns,
            rows=rows,
            chart=charts.stacked_columns(quarter_axis(quarters), series),
        )

    def participants_by_quarter(self):
        found = {
            (year, quarter): (total or 0, events, counted)
            for year, quarter, total, events, counted in self.held.order_by()
            .values_list("year", "quarter")
            .annotate(
                total=Sum("participants_count"),
                events=Count("pk"),
                counted=Count("participants_count"),
            )
        }
        quarters = self.quarters()
        labels = [quarter_label(y, q) for y, q in quarters]
        values = [found.get(key, (0, 0, 0))[0] for key in quarters]
        rows = [
            [label, *found.get(key, (0, 0, 0))] for label, key in zip(labels, quarters, strict=True)
        ]
        return Figure(
            slug="participants",
            title="Участники мероприятий по кварталам",
            columns=["Квартал", "Участников", "Мероприятий", "Из них с указанным числом"],
            rows=rows,
            chart=charts.stacked_columns(
                quarter_axis(quarters),
                [("Участники", charts.PALETTE[2], values)],
                width=520,
                value_unit=" чел.",
            ),
            note="Сумма по мероприятиям, в отчётах о которых указано общее число участников.",
        )

    @cached_property
    def _region_counts(self):
        through = ReportedEvent.regions.through
        return dict(
            through.objects.filter(reportedevent__in=self.held.values("pk"))
            .order_by()
            .values_list("region")
            .annotate(n=Count("reportedevent"))
        )

    def top_regions(self):
        counts = self._region_counts
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_REGIONS]
        regions = Region.objects.in_bulk([pk for pk, _ in ranked])
        rows = [
            [regions[pk].short_name, n, reverse("cooperation:region_detail", args=[pk])]
            for pk, n in ranked
        ]
        return Figure(
            slug="regions",
            title=f"Субъекты РФ — партнёры по числу совместных мероприятий (первые {TOP_REGIONS})",
            columns=["Субъект РФ", "Мероприятий"],
            rows=[row[:2] for row in rows],
            chart=charts.horizontal_bars(
                [tuple(row) for row in rows], width=440, label_width=190, colour=charts.PALETTE[0]
            ),
            kind="bars",
        )

    def plan_share(self):
        outcomes = with_outcome(
            self.planned,
            visible_reported_events(self.user),
            trust_plan_status=not (reads_approved_only(self.user)),
        )
        found = {}
        for year, half, outcome, n in (
            outcomes.order_by().values_list("year", "half", "outcome").annotate(n=Count("pk"))
        ):
            found.setdefault((year, half), {})[outcome] = n
        rows, chart_rows = [], []
        for year, half in sorted(found):
            values = found[year, half]
            total = sum(values.values())
            share = round(100 * values.get(Outcome.HELD, 0) / total) if total else 0
            label = half_title(year, half).removesuffix(" года")
            rows.append([label, total, *(values.get(k, 0) for k in Outcome.values), f"{share} %"])
            chart_rows.append((label, values))
        parts = [(key, OUTCOME_LABELS[key], OUTCOME_COLOURS[key]) for key in Outcome.values]
        return Figure(
            slug="plan",
            title="Доля проведённых мероприятий плана по полугодиям",
            columns=["Полугодие", "В плане", *OUTCOME_LABELS.values(), "Доля проведённых"],
            rows=rows,
            chart=charts.stacked_bars(chart_rows, parts, width=520, label_width=150),
            kind="bars",
        )

    def agreements_activity(self):
        counts = dict(
            ReportedEventAgreement.objects.filter(event__in=self.held.values("pk"))
            .order_by()
            .values_list("agreement")
            .annotate(n=Count("event"))
        )
        agreements = list(Agreement.objects.values_list("pk", "short_title", "slug"))
        ranked = sorted(agreements, key=lambda a: (-counts.get(a[0], 0), a[1]))
        active = [a for a in ranked if counts.get(a[0])]
        dormant = [a for a in ranked if not counts.get(a[0])]
        shown = active[:TOP_AGREEMENTS]
        bars = [
            (title, counts[pk], reverse("agreements:agreement_detail", args=[slug]))
            for pk, title, slug in shown
        ]
        rows = [[title, counts.get(pk, 0)] for pk, title, _ in ranked]
        note = f"Без мероприятий за период: {len(dormant)} из {len(agreements)} соглашений."
        return Figure(
            slug="agreements",
            title="Соглашения по числу проведённых в их рамках мероприятий",
            columns=["Соглашение", "Мероприятий"],
            rows=rows,
            chart=charts.horizontal_bars(bars, colour=charts.PALETTE[1]),
            kind="bars",
            note=note,
        )

    def foreign_partners(self):
        """Partners abroad with the number of joint events held, for the list beside the map."""
        through = ReportedEvent.foreign_partners.through
        counts = dict(
            through.objects.filter(reportedevent__in=self.held.values("pk"))
            .order_by()
            .values_list("foreignpartner")
            .annotate(n=Count("reportedevent"))
        )
        partners = ForeignPartner.objects.filter(pk__in=counts).order_by("sort_order", "name")
        return [(p, counts[p.pk]) for p in partners]

    def map_figure(self):
        counts = self._region_counts
        regions = list(Region.objects.all())
        urls = {r.pk: reverse("cooperation:region_detail", args=[r.pk]) for r in regions}
        rows = [[r.short_name, counts.get(r.pk, 0)] for r in regions if not r.is_home]
        return Figure(
            slug="map",
            title="Совместные мероприятия с субъектами РФ",
            columns=["Субъект РФ", "Мероприятий"],
            rows=rows,
            chart=charts.tile_map(regions, counts, urls),
            kind="map",
        )
