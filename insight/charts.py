"""Geometry of the server-drawn SVG charts: numbers in, shapes with coordinates out.

Templates only place what is computed here (templates/insight/charts/), so a chart needs no
JavaScript and no charting library, and the same figures feed the data table and the CSV.
"""

import math
from dataclasses import dataclass, field
from functools import cache

from cooperation.reference import read_fixture

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F6A00"]
OTHERS_COLOUR = "#9AA0A6"
# Sequential blues for the map, light to dark; zero stays grey.
MAP_SHADES = ["#DEEBF7", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C"]
MAP_EMPTY = "#EEF0F2"
MAP_HOME = "#F2C14E"
# Average width of a 12-unit Cyrillic letter, for cutting labels that would not fit.
CHAR_WIDTH = 7.8


def nice_step(value):
    """A round step (1, 2, 2.5, 5 × 10ⁿ) at least `value`."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= value:
            step = factor * magnitude
            return int(step) if step >= 1 else step
    return 10 * magnitude


def scale(maximum, ticks=4):
    """(top of the axis, tick values) for values from 0 to `maximum`; whole numbers only."""
    step = max(1, nice_step(maximum / ticks)) if maximum > 0 else 1
    step = math.ceil(step)
    top = step * max(1, math.ceil(maximum / step))
    return top, list(range(0, top + 1, step))


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str
    url: str = ""


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"
    title: str = ""


@dataclass
class LegendItem:
    colour: str
    text: str


@dataclass
class Chart:
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    gridlines: list[tuple[float, float, float, float]] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"

    @property
    def min_width(self):
        """Narrower than this the labels get too small to read: the chart scrolls instead."""
        return int(self.width * 0.72)

    @property
    def is_empty(self):
        return not self.rects


def stacked_columns(categories, series, *, width=760, height=300, value_unit=""):
    """Vertical columns, one per category, each stacked from the series.

    categories: (label, group) pairs along the x axis — «III кв.» and its year; the group is
    written once under its first column. series: [(name, colour, [value per category])].
    """
    left, right, top, bottom = 44, 8, 12, 40
    chart = Chart(width=width, height=height)
    totals = [sum(values[i] for _, _, values in series) for i in range(len(categories))]
    axis_top, ticks = scale(max(totals, default=0))
    plot_w, plot_h = width - left - right, height - top - bottom
    for tick in ticks:
        y = top + plot_h - plot_h * tick / axis_top
        chart.gridlines.append((left, y, width - right, y))
        chart.labels.append(Label(left - 6, y + 4, f"{tick:g}", anchor="end"))
    if not categories:
        return chart
    slot = plot_w / len(categories)
    bar = min(48, slot * 0.7)
    # Quarter labels need about 34 units; with narrower slots only every n-th is written.
    every = max(1, math.ceil(34 / slot))
    previous_group = None
    for i, (label, group) in enumerate(categories):
        x = left + slot * i + (slot - bar) / 2
        base = top + plot_h
        for name, colour, values in series:
            value = values[i]
            if not value:
                continue
            h = plot_h * value / axis_top
            base -= h
            title = f"{label} {group}: {name} — {value:g}{value_unit}"
            chart.rects.append(
                Rect(round(x, 1), round(base, 1), round(bar, 1), round(h, 1), colour, title)
            )
        centre = round(x + bar / 2, 1)
        if i % every == 0:
            chart.labels.append(Label(centre, height - bottom + 15, label))
        if group != previous_group:
            chart.labels.append(Label(centre, height - bottom + 31, str(group)))
            previous_group = group
    chart.legend = [LegendItem(colour, name) for name, colour, values in series if any(values)]
    return chart


def horizontal_bars(rows, *, width=760, label_width=300, row_height=26, colour=PALETTE[0]):
    """One bar per row: rows are (label, value, url)."""
    top, right = 6, 48
    height = top * 2 + row_height * max(1, len(rows))
    chart = Chart(width=width, height=height)
    maximum = max((value for _, value, _ in rows), default=0) or 1
    plot_w = width - label_width - right
    fits = int((label_width - 12) / CHAR_WIDTH)
    for i, (label, value, url) in enumerate(rows):
        y = top + row_height * i
        w = plot_w * value / maximum
        short = label if len(label) <= fits else label[: fits - 1] + "…"
        chart.labels.append(Label(label_width - 8, y + row_height / 2 + 4, short, "end", label))
        chart.rects.append(
            Rect(
                label_width,
                y + 4,
                round(max(w, 1), 1),
                row_height - 8,
                colour,
                f"{label}: {value:g}",
                url,
            )
        )
        chart.labels.append(
            Label(round(label_width + w + 6, 1), y + row_height / 2 + 4, f"{value:g}", "start")
        )
    return chart


def stacked_bars(rows, parts, *, width=760, label_width=190, row_height=30):
    """Horizontal 100 % bars: rows are (label, {part key: value}); parts are (key, name, colour).

    Each bar shows the shares of its total; the titles carry the counts and percentages.
    """
    top, right = 6, 56
    height = top * 2 + row_height * max(1, len(rows))
    chart = Chart(width=width, height=height)
    plot_w = width - label_width - right
    for i, (label, values) in enumerate(rows):
        y = top + row_height * i
        total = sum(values.values())
        chart.labels.append(Label(label_width - 8, y + row_height / 2 + 4, label, "end"))
        x = label_width
        for key, name, colour in parts:
            value = values.get(key, 0)
            if not value or not total:
                continue
            w = plot_w * value / total
            share = round(100 * value / total)
            chart.rects.append(
                Rect(
                    round(x, 1),
                    y + 4,
                    round(w, 1),
                    row_height - 8,
                    colour,
                    f"{label}: {name} — {value} ({share} %)",
                )
            )
            x += w
        chart.labels.append(Label(width - right + 6, y + row_height / 2 + 4, str(total), "start"))
    chart.legend = [LegendItem(colour, name) for _, name, colour in parts]
    return chart


# --- The tile map -----------------------------------------------------------------------------

TILE = 40
GAP = 4


@cache
def region_tiles():
    """{region number: (column, row, short label)} from fixtures/region_tiles.json."""
    raw = read_fixture("region_tiles.json")
    return {int(number): (t["col"], t["row"], t["label"]) for number, t in raw.items()}


def map_thresholds(maximum):
    """Lower bounds of the shades: five even steps up to the maximum, whole numbers."""
    if maximum <= len(MAP_SHADES):
        return list(range(1, len(MAP_SHADES) + 1))[: max(1, maximum)]
    step = maximum / len(MAP_SHADES)
    return [1] + [math.floor(step * i) + 1 for i in range(1, len(MAP_SHADES))]


def shade(value, thresholds):
    if not value:
        return MAP_EMPTY
    colour = MAP_SHADES[0]
    for bound, candidate in zip(thresholds, MAP_SHADES, strict=False):
        if value >= bound:
            colour = candidate
    return colour


@dataclass
class Tile:
    x: int
    y: int
    label: str
    name: str
    value: int
    fill: str
    url: str
    is_home: bool
    dark: bool


def tile_map(regions, counts, urls):
    """regions: Region rows; counts: {region pk: joint events}; urls: {region pk: page}."""
    tiles, columns, rows = [], 0, 0
    thresholds = map_thresholds(max(counts.values(), default=0))
    layout = region_tiles()
    for region in regions:
        if region.number not in layout:
            continue
        col, row, label = layout[region.number]
        value = counts.get(region.pk, 0)
        fill = MAP_HOME if region.is_home else shade(value, thresholds)
        tiles.append(
            Tile(
                x=col * (TILE + GAP),
                y=row * (TILE + GAP),
                label=label,
                name=region.short_name,
                value=value,
                fill=fill,
                url=urls.get(region.pk, ""),
                is_home=region.is_home,
                dark=fill in MAP_SHADES[2:],
            )
        )
        columns, rows = max(columns, col + 1), max(rows, row + 1)
    legend = [LegendItem(MAP_EMPTY, "нет мероприятий")]
    bounds = thresholds + [None]
    for i, bound in enumerate(thresholds):
        upper = bounds[i + 1] - 1 if bounds[i + 1] else None
        if upper is None:
            text = f"{bound} и больше" if bound != max(counts.values(), default=0) else f"{bound}"
        else:
            text = f"{bound}" if upper == bound else f"{bound}–{upper}"
        legend.append(LegendItem(MAP_SHADES[i], text))
    legend.append(LegendItem(MAP_HOME, "Смоленская область"))
    return {
        "tiles": tiles,
        "width": columns * (TILE + GAP),
        "height": rows * (TILE + GAP),
        "tile": TILE,
        "legend": legend,
    }
