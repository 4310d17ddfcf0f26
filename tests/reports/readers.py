"""Read generated documents back into a plain grid: (title, header, rows).

A row is ("group", text) or ("row", [cell texts]); a cell covered by a vertical merge reads as "",
as it reads in the original Word table. Texts are whitespace-normalised.
"""

import io
import zipfile

import openpyxl
from lxml import etree, html

from tests.seeds import norm

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _w_text(element):
    paragraphs = element.iter(f"{W}p")
    return norm("\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs))


def read_docx(data):
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
            rows.append(("group", _w_text(tcs[0])))
        else:
            rows.append(("row", [_w_text(tc) for tc in tcs]))
    return norm(" ".join(title)), header, rows


def read_xlsx(data):
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    full_width = {
        r.min_row for r in ws.merged_cells.ranges if r.min_col == 1 and r.max_col == ws.max_column
    }
    values = [
        [norm(str(v)) if v is not None else "" for v in row]
        for row in ws.iter_rows(values_only=True)
    ]
    title, index = [], 0
    while values[index][0]:
        title.append(values[index][0])
        index += 1
    index += 1  # the blank row under the title
    header = values[index]
    rows = []
    for number, row in enumerate(values[index + 1 :], start=index + 2):
        if not any(row):
            break  # notes follow an empty row
        if number in full_width:
            rows.append(("group", row[0]))
        else:
            rows.append(("row", row))
    return norm(" ".join(title)), header, rows


def read_html(markup):
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
        cells, tds = [], iter(tr.findall("td"))
        for column in range(len(header)):
            if pending.get(column):
                pending[column] -= 1
                cells.append("")
                continue
            td = next(tds)
            pending[column] = int(td.get("rowspan", 1)) - 1
            cells.append(norm(td.text_content()))
        rows.append(("row", cells))
    return title, header, rows


def seed_grid(table):
    """The seed table in the same shape, continuation rows (merged cells) included."""
    rows, group = [], None
    for row in table.rows:
        if row.group != group:
            group = row.group
            rows.append(("group", norm(group)))
        rows.append(("row", [norm(c) for c in row.cells]))
        for continuation in row.continuations:
            rows.append(("row", [norm(c) for c in continuation]))
    return table.title, [norm(h) for h in table.header], rows
