"""Read generated documents back into a plain grid: (title, header, rows).

A row is ("group", text), ("notice", text) or ("row", [cell texts]); a cell covered by a vertical
merge reads as "", as it reads in the original Word table. Titles, captions and group rows are
whitespace-normalised; cells too, unless `lines` is set: then each cell keeps its line breaks and
no-break spaces (tests.seeds.norm_lines), which is how the fidelity tests compare line structure.
"""

import io
import zipfile

import openpyxl
from lxml import etree, html

from tests.seeds import norm, norm_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BREAKS = {f"{W}br": "\n", f"{W}cr": "\n", f"{W}tab": "\t", f"{W}noBreakHyphen": "-"}


def _raw_w_text(element):
    """Paragraphs joined by line breaks; <w:br/> is a line break too."""
    paragraphs = []
    for p in element.iter(f"{W}p"):
        parts = []
        for node in p.iter(f"{W}t", *_BREAKS):
            parts.append(node.text or "" if node.tag == f"{W}t" else _BREAKS[node.tag])
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _w_text(element):
    return norm(_raw_w_text(element))


def _cell_reader(lines):
    return norm_lines if lines else norm


def read_docx(data, *, lines=False):
    cell = _cell_reader(lines)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    body = root.find(f"{W}body")
    title, table = [], None
    for child in body:
        if child.tag == f"{W}tbl":
            table = child
            break
        if child.tag == f"{W}p" and _w_text(child):
            title.append(_w_text(child))
    assert table is not None, "в документе нет таблицы"
    trs = table.findall(f"{W}tr")
    header = [_w_text(tc) for tc in trs[0].findall(f"{W}tc")]
    rows = []
    for tr in trs[1:]:
        tcs = tr.findall(f"{W}tc")
        span = tcs[0].find(f"{W}tcPr/{W}gridSpan")
        if len(tcs) == 1 and span is not None and int(span.get(f"{W}val")) == len(header):
            # A group row is shaded; a notice («Мероприятия не проводились») is not.
            shaded = tcs[0].find(f"{W}tcPr/{W}shd") is not None
            rows.append(("group" if shaded else "notice", _w_text(tcs[0])))
        else:
            rows.append(("row", [cell(_raw_w_text(tc)) for tc in tcs]))
    return norm(" ".join(title)), header, rows


def read_xlsx(data, *, lines=False):
    cell = _cell_reader(lines)
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    full_width = {
        r.min_row for r in ws.merged_cells.ranges if r.min_col == 1 and r.max_col == ws.max_column
    }
    values = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    title, index = [], 0
    while values[index][0]:
        title.append(norm(values[index][0]))
        index += 1
    index += 1  # the blank row under the title
    header = [norm(v) for v in values[index]]
    rows = []
    for number, row in enumerate(values[index + 1 :], start=index + 2):
        if not any(row):
            break  # notes follow an empty row
        if number in full_width:
            bold = ws.cell(number, 1).font.b
            rows.append(("group" if bold else "notice", norm(row[0])))
        else:
            rows.append(("row", [cell(v) for v in row]))
    return norm(" ".join(title)), header, rows


def read_html(markup, *, lines=False):
    cell = _cell_reader(lines)
    document = html.fromstring(markup)
    for br in document.iter("br"):
        br.tail = "\n" + (br.tail or "")
    title = norm(document.xpath("//div[@class='report-title']")[0].text_content())
    header = [norm(th.text_content()) for th in document.xpath("//thead//th")]
    rows, pending = [], {}  # column → rows still covered by a rowspan above
    for tr in document.xpath("//tbody/tr"):
        th = tr.find("th")
        if th is not None:
            rows.append(("group", norm(th.text_content())))
            continue
        if "report-notice" in (tr.get("class") or ""):
            rows.append(("notice", norm(tr.text_content())))
            continue
        cells, tds = [], iter(tr.findall("td"))
        for column in range(len(header)):
            if pending.get(column):
                pending[column] -= 1
                cells.append("")
                continue
            td = next(tds)
            pending[column] = int(td.get("rowspan", 1)) - 1
            # Template indentation around <br> is not part of the text.
            cells.append(cell("\n".join(line.strip() for line in td.text_content().split("\n"))))
        rows.append(("row", cells))
    return title, header, rows


def seed_grid(table, *, lines=False):
    """The seed table in the same shape, continuation rows (merged cells) included."""
    cell = _cell_reader(lines)
    rows, group = [], None
    for row in table.rows:
        if row.group != group:
            group = row.group
            rows.append(("group", norm(group)))
        rows.append(("row", [cell(c) for c in row.cells]))
        for continuation in row.continuations:
            rows.append(("row", [cell(c) for c in continuation]))
    return table.title, [norm(h) for h in table.header], rows
