"""Full-text search across planned and reported events, agreements and roadmap items.

PostgreSQL: the stored `search_vector` columns (migration 0002) with the `russian` configuration,
ranked by ts_rank, snippets by ts_headline. SQLite: LIKE on word stems, so that `make run` works
and finds «фестиваль» for «фестиваля» as well.

A query may name a partner region («тверской»): such words also match every record linked to
that region, so «фестиваль тверская» finds a festival tagged with Tver even when its text never
says so. The page runs a fixed number of queries: one count per kind, one ranked union of ids for
the page, one detail query per kind on the page.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    Expression,
    F,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse

from agreements.models import Agreement, RoadmapItem, RoadmapResponsibility
from cooperation.models import Region
from cooperation.periods import half_title, quarter_title, year_range
from events.models import PlannedEvent, ReportedEvent
from insight.access import visible_planned_events, visible_reported_events
from insight.text import MARK_END, MARK_START, mark_stems, marked_html, stem, words

CONFIG = "russian"
VECTOR_COLUMN = "search_vector"
SNIPPET_CHARS = 240
COUNT_CAP = 1000
NO_DATE = date(1900, 1, 1)

PLANNED, REPORTED, AGREEMENT, ROADMAP_ITEM = "planned", "reported", "agreement", "roadmap_item"
KIND_LABELS = {
    PLANNED: "Мероприятия плана",
    REPORTED: "Мероприятия отчётов",
    AGREEMENT: "Соглашения",
    ROADMAP_ITEM: "Пункты «дорожных карт»",
}
KIND_LABEL_ONE = {
    PLANNED: "мероприятие плана",
    REPORTED: "мероприятие отчёта",
    AGREEMENT: "соглашение",
    ROADMAP_ITEM: "пункт «дорожной карты»",
}

# Searched text of each kind; the PostgreSQL vectors are built from the same columns.
TITLE_FIELDS = {
    PLANNED: ["title"],
    REPORTED: ["title"],
    AGREEMENT: ["short_title"],
    ROADMAP_ITEM: ["title"],
}
BODY_FIELDS = {
    PLANNED: ["regions_text", "venue", "content", "participants"],
    REPORTED: ["venue", "participants", "content", "note"],
    AGREEMENT: ["title", "number"],
    ROADMAP_ITEM: ["timeline_text"],
}

# Words of region names that name a kind of subject, not a subject.
# fmt: off
GENERIC_NAME_WORDS = frozenset(stem(w) for w in (
    "республика", "область", "край", "город", "г", "автономный", "автономная", "округ", "народная",
))
# fmt: on


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]
    regions: tuple[Region, ...] = ()
    rest: tuple[str, ...] = ()  # the words that are not part of a matched region's name

    @property
    def stems(self):
        return [stem(w) for w in self.words]


def _name_words(region):
    return {w for name in (region.name, region.short_name) for w in words(name)}


def parse_query(text, regions):
    """The query's words, and the partner regions it names (from the given region rows)."""
    found = tuple(words(text))
    matched, used = [], set()
    names = {region.pk: _name_words(region) for region in regions}
    for word in found:
        key = stem(word)
        if key in GENERIC_NAME_WORDS or len(key) < 4:
            continue
        for region in regions:
            if region not in matched and any(w.startswith(key) for w in names[region.pk]):
                matched.append(region)
                used.add(word)
    if matched:
        # «тверская область»: «область» belongs to the region's name, not to the event's text.
        for word in found:
            key = stem(word)
            if key in GENERIC_NAME_WORDS and any(
                w.startswith(key) for region in matched for w in names[region.pk]
            ):
                used.add(word)
    rest = tuple(w for w in found if w not in used)
    return Query(text=text, words=found, regions=tuple(matched), rest=rest)


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    department: object = None
    region: object = None
    year: int | None = None


# --- What each kind is, and how it is narrowed ----------------------------------------------


def _region_link(kind, regions):
    ids = [r.pk for r in regions]
    if kind == PLANNED:
        through, owner = PlannedEvent.regions.through, "plannedevent_id"
    elif kind == REPORTED:
        through, owner = ReportedEvent.regions.through, "reportedevent_id"
    elif kind == AGREEMENT:
        through, owner = Agreement.regions.through, "agreement_id"
    else:
        return Q(section__roadmap__region__in=ids)
    return Q(Exists(through.objects.filter(**{owner: OuterRef("pk")}, region_id__in=ids)))


def _base(kind, user, filters):
    """The records of a kind this user may read, narrowed by the filters (None: kind excluded)."""
    if filters.kind and filters.kind != kind:
        return None
    if kind in (PLANNED, REPORTED):
        events = visible_planned_events(user) if kind == PLANNED else visible_reported_events(user)
        if filters.department:
            events = events.filter(department=filters.department)
        if filters.year:
            events = events.filter(year=filters.year)
        if filters.region:
            events = events.filter(_region_link(kind, [filters.region]))
        return events
    if kind == AGREEMENT:
        if filters.department:
            return None  # agreements belong to the oblast, not to one department
        agreements = Agreement.objects.all()
        if filters.year:
            period = year_range(filters.year)
            agreements = agreements.filter(
                Q(signed_on__isnull=True) | Q(signed_on__lte=period.end),
                Q(valid_until__isnull=True) | Q(valid_until__gte=period.start),
            )
        if filters.region:
            agreements = agreements.filter(_region_link(kind, [filters.region]))
        return agreements
    items = RoadmapItem.objects.all()
    if filters.department:
        items = items.filter(
            Exists(
                RoadmapResponsibility.objects.filter(
                    item=OuterRef("pk"), department=filters.department
                )
            )
        )
    if filters.year:
        items = items.filter(
            section__roadmap__start_year__lte=filters.year,
            section__roadmap__end_year__gte=filters.year,
        )
    if filters.region:
        items = items.filter(section__roadmap__region=filters.region)
    return items


def _sort_date(kind):
    if kind in (PLANNED, REPORTED):
        return F("starts_on")
    if kind == AGREEMENT:
        return Coalesce("signed_on", Value(NO_DATE))
    return Value(NO_DATE, output_field=DateField())


# --- Matching: PostgreSQL and the SQLite fallback ---------------------------------------------


class StoredVector(Expression):
    """The row's stored `search_vector` column, which the models do not declare.

    Compiled against the query's own base table alias, so it stays right when the queryset is
    used as a subquery (where Django renames the table to U0, V0, …).
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name(compiler.query.base_table)
        return f"{alias}.{connection.ops.quote_name(VECTOR_COLUMN)}", []


class PostgresMatcher:
    """Stored tsvector @@ plainto_tsquery('russian', …), ranked by ts_rank."""

    def _vector(self, model):
        return StoredVector()

    def _tsquery(self, terms):
        return SearchQuery(" ".join(terms), config=CONFIG)

    def matches(self, queryset, kind, query):
        queryset = queryset.annotate(_vector=self._vector(queryset.model))
        condition = Q(_vector=self._tsquery(query.words))
        region_bonus = Value(0.0)
        if query.regions:
            by_region = _region_link(kind, query.regions)
            if query.rest:
                by_region &= Q(_vector=self._tsquery(query.rest))
            condition |= by_region
            region_bonus = Case(When(by_region, then=Value(0.05)), default=Value(0.0))
        rank = SearchRank(F("_vector"), self._tsquery(query.words)) + region_bonus
        return queryset.filter(condition).annotate(rank=rank)

    def highlight(self, queryset, kind, query):
        """Title and snippet with markers around every query word, computed by ts_headline."""
        any_word = None
        for word in query.words:
            term = SearchQuery(word, config=CONFIG)
            any_word = term if any_word is None else any_word | term
        body = _joined(BODY_FIELDS[kind])
        return queryset.annotate(
            title_marked=SearchHeadline(
                _joined(TITLE_FIELDS[kind]),
                any_word,
                config=CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                highlight_all=True,
            ),
            snippet_marked=SearchHeadline(
                body,
                any_word,
                config=CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )

    def marked(self, record, kind, query):
        return record.title_marked, record.snippet_marked


class LikeMatcher:
    """LIKE on the stem of every word (Unicode-aware on SQLite, see cooperation.db)."""

    def _word(self, kind, word):
        key = stem(word)
        condition = Q()
        for name in TITLE_FIELDS[kind] + BODY_FIELDS[kind]:
            condition |= Q(**{f"{name}__icontains": key})
        return condition

    def _all(self, kind, terms):
        condition = Q()
        for word in terms:
            condition &= self._word(kind, word)
        return condition

    def matches(self, queryset, kind, query):
        condition = self._all(kind, query.words)
        rank = Value(0.0)
        for word in query.words:
            in_title = Q()
            for name in TITLE_FIELDS[kind]:
                in_title |= Q(**{f"{name}__icontains": stem(word)})
            rank = rank + Case(When(in_title, then=Value(1.0)), default=Value(0.1))
        if query.regions:
            by_region = _region_link(kind, query.regions) & self._all(kind, query.rest)
            condition |= by_region
            rank = rank + Case(When(by_region, then=Value(0.05)), default=Value(0.0))
        return queryset.filter(condition).annotate(rank=rank)

    def highlight(self, queryset, kind, query):
        return queryset

    def marked(self, record, kind, query):
        stems = query.stems
        title = getattr(record, TITLE_FIELDS[kind][0])
        body = " · ".join(filter(None, (getattr(record, f) for f in BODY_FIELDS[kind])))
        return mark_stems(title, stems), mark_stems(body, stems, window=SNIPPET_CHARS)


def _joined(names):
    if len(names) == 1:
        return Coalesce(names[0], Value(""), output_field=TextField())
    parts = []
    for name in names:
        parts += [Coalesce(name, Value(""), output_field=TextField()), Value(" · ")]
    return Concat(*parts[:-1], output_field=TextField())


def matcher():
    return PostgresMatcher() if connection.vendor == "postgresql" else LikeMatcher()


# --- The page ---------------------------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    pk: int
    url: str
    title_html: str
    snippet_html: str
    details: list[str] = field(default_factory=list)

    @property
    def kind_label(self):
        return KIND_LABEL_ONE[self.kind]


@dataclass
class Results:
    query: Query
    counts: dict  # per kind; COUNT_CAP + 1 means «more than COUNT_CAP»
    total: int  # what the pages can show: at most COUNT_CAP of each kind
    ranked: object  # the ranked union of (kind, id) rows, sliced by the paginator

    @property
    def capped(self):
        return any(n > COUNT_CAP for n in self.counts.values())

    def count_labels(self):
        return {
            k: f"более {COUNT_CAP}" if n > COUNT_CAP else str(n) for k, n in self.counts.items()
        }

    def __len__(self):
        return self.total

    def count(self):
        return self.total

    def __getitem__(self, index):
        return self.ranked[index]


def search(user, text, filters, regions):
    """Count and rank the matches; `hits` turns one page of the ranked rows into results."""
    query = parse_query(text, regions)
    engine = matcher()
    counts, parts = {}, []
    for kind in KIND_LABELS:
        base = _base(kind, user, filters)
        if base is None or not query.words:
            counts[kind] = 0
            continue
        found = engine.matches(base, kind, query)
        # Beyond a thousand matches an exact count helps nobody and costs a scan of them all.
        counts[kind] = found.order_by()[: COUNT_CAP + 1].count()
        if counts[kind]:
            parts.append(
                found.order_by()
                .annotate(kind=Value(kind, output_field=CharField()), sort_date=_sort_date(kind))
                .values_list("kind", "id", "rank", "sort_date")
            )
    total = sum(min(n, COUNT_CAP) for n in counts.values())
    if not parts:
        ranked = []
    else:
        ranked = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        ranked = ranked.order_by("-rank", "-sort_date", "kind", "id")
    return Results(query=query, counts=counts, total=total, ranked=ranked)


def hits(results, page_rows):
    """The page's rows as results with links and highlighted text: one query per kind."""
    engine = matcher()
    wanted = {}
    for kind, pk, *_ in page_rows:
        wanted.setdefault(kind, []).append(pk)
    found = {}
    for kind, pks in wanted.items():
        queryset = _details_queryset(kind).filter(pk__in=pks)
        if results.query.words:
            queryset = engine.highlight(queryset, kind, results.query)
        for record in queryset:
            title, snippet = engine.marked(record, kind, results.query)
            found[kind, record.pk] = Hit(
                kind=kind,
                pk=record.pk,
                url=_url(kind, record),
                title_html=marked_html(title),
                snippet_html=marked_html(snippet),
                details=_details(kind, record),
            )
    return [found[kind, pk] for kind, pk, *_ in page_rows if (kind, pk) in found]


def _details_queryset(kind):
    if kind == PLANNED:
        return PlannedEvent.objects.select_related("department")
    if kind == REPORTED:
        return ReportedEvent.objects.select_related("department")
    if kind == AGREEMENT:
        return Agreement.objects.all()
    return RoadmapItem.objects.select_related("section__roadmap__region")


def _url(kind, record):
    if kind == ROADMAP_ITEM:
        return reverse("agreements:roadmap_detail", args=[record.section.roadmap_id]) + (
            f"#item-{record.pk}"
        )
    return record.get_absolute_url()


def _details(kind, record):
    if kind == PLANNED:
        return [record.department.short_name, f"план на {half_title(record.year, record.half)}"]
    if kind == REPORTED:
        held = "" if record.held else " — не проведено"
        return [
            record.department.short_name,
            f"отчёт за {quarter_title(record.year, record.quarter)}{held}",
        ]
    if kind == AGREEMENT:
        return [record.get_status_display()] + (
            [f"подписано {record.signed_on:%d.%m.%Y}"] if record.signed_on else []
        )
    return [str(record.section.roadmap), f"пункт {record.number}"]
