"""A corpus of hostile and broken upload files, generated fresh (no binaries are committed).

Word documents go to «Импорт документа» and `import_document`; spreadsheets to the
django-import-export imports of planned events, reported events, agreements and roadmap items.
Each sample is meant to be refused with a message and to change nothing.

    DEBUG=1 python -m tests.hostile.corpus DIR          # writes the files out, to try by hand
    DEBUG=1 python -m tests.hostile.corpus --measure    # slowest read, peak memory of a read

Seeded randomness only: the corpus is the same on every run.
"""

import csv
import io
import random
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
QUARTER_TITLE = (
    "Отчет о реализации соглашений в сфере межрегионального сотрудничества за II квартал 2023 года"
)
PLAN_TITLE = "План мероприятий в сфере межрегионального сотрудничества на I полугодие 2023 года"
ROADMAP_TITLE = (
    "Отчет об исполнении в 2022 году Плана мероприятий по реализации Соглашения между "
    "Правительством Санкт-Петербурга и Администрацией Смоленской области на 2021-2023 годы"
)
CULTURE = "Департамент Смоленской области по культуре"
MOSCOW = (
    "Соглашение между Администрацией Смоленской области и Правительством Москвы "
    "о торгово-экономическом, научно-техническом и культурном сотрудничестве"
)
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MB = 1024 * 1024


@dataclass(frozen=True)
class Sample:
    name: str
    data: bytes
    kind: str  # "docx", "xlsx" or "csv"
    models: tuple[str, ...] = ()  # spreadsheets: the imports it targets (empty: all four)

    @property
    def file_name(self):
        return f"{self.name}.{self.kind}"


# --- Zip archives -------------------------------------------------------------------------


def zip_of(parts, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def parts_of(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _eocd(data):
    return data.rfind(b"PK\x05\x06")


def _patched(data, offset, fmt, value):
    data = bytearray(data)
    struct.pack_into(fmt, data, offset, value)
    return bytes(data)


def _central_entry(data, name):
    """Offset of the central directory header of `name`."""
    offset = _cd_start(data)
    while data[offset : offset + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<3H", data, offset + 28)
        if data[offset + 46 : offset + 46 + name_length] == name.encode():
            return offset
        offset += 46 + name_length + extra_length + comment_length
    raise KeyError(name)


def _local_entry(data, name):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo(name).header_offset


def _deflated_stream(size):
    """A raw deflate stream of `size` zero bytes, made without holding them in memory: one
    fully flushed block of a megabyte repeated (such blocks may be concatenated)."""
    if size % MB:
        raise ValueError("size must be whole megabytes")
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(b"\0" * MB) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // MB):
        crc = zlib.crc32(b"\0" * MB, crc)
    return block * (size // MB) + b"\x03\x00", crc


def bomb_zip(name, size, other_parts):
    """An archive whose part `name` unpacks to `size` bytes of filler, honestly declared."""
    packed, crc = _deflated_stream(size)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for other, data in other_parts.items():
            archive.writestr(other, data)
    head = buffer.getvalue()
    # Append the bomb entry by hand: local header, data, then rebuild the central directory.
    with zipfile.ZipFile(io.BytesIO(head)) as archive:
        entries = archive.infolist()
    body = head[: _eocd_start(head)]
    offset = len(body)
    local = struct.pack(
        "<4s5H3L2H",
        b"PK\x03\x04",
        20,
        0,
        8,
        0,
        0,
        crc,
        len(packed),
        size,
        len(name.encode()),
        0,
    )
    body += local + name.encode() + packed
    central = head[_cd_start(head) : _eocd(head)]
    central += (
        struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(packed),
            size,
            len(name.encode()),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + name.encode()
    )
    eocd = struct.pack(
        "<4s4H2LH",
        b"PK\x05\x06",
        0,
        0,
        len(entries) + 1,
        len(entries) + 1,
        len(central),
        len(body),
        0,
    )
    return body + central + eocd


def _cd_start(data):
    return struct.unpack_from("<L", data, _eocd(data) + 16)[0]


def _eocd_start(data):
    return _cd_start(data)


# --- Word documents -----------------------------------------------------------------------


def docx_of(document_xml, extra=None):
    if isinstance(document_xml, str):
        document_xml = document_xml.encode()
    return zip_of(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": document_xml, **(extra or {})}
    )


def _p(text):
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text, props=""):
    return f"<w:tc>{props}{_p(text)}</w:tc>"


def document(body, title=QUARTER_TITLE):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
        f"{_p(title) if title else ''}{body}</w:body></w:document>"
    )


def _report_table(rows, columns):
    """A document in one of the portal's forms, written by hand (render_docx takes 0.1 s a
    file): the title, the header row, then rows of cells or one-cell group rows."""
    title, captions = columns
    width = len(captions)
    body = [f"<w:tr>{''.join(_tc(escape(c.caption)) for c in captions)}</w:tr>"]
    for row in rows:
        if isinstance(row, str):
            span = f'<w:tcPr><w:gridSpan w:val="{width}"/></w:tcPr>'
            body.append(f"<w:tr>{_tc(escape(row), span)}</w:tr>")
        else:
            body.append(f"<w:tr>{''.join(_tc(escape(cell)) for cell in row)}</w:tr>")
    return docx_of(document(f"<w:tbl>{''.join(body)}</w:tbl>", title=escape(title)))


def quarterly(rows):
    from reports.builders import AGREEMENTS_COLUMNS

    return _report_table(rows, (QUARTER_TITLE, AGREEMENTS_COLUMNS))


def plan(rows):
    from reports.builders import PLAN_COLUMNS

    return _report_table(rows, (PLAN_TITLE, PLAN_COLUMNS))


def roadmap(rows):
    from reports.builders import ROADMAP_COLUMNS

    return _report_table(rows, (ROADMAP_TITLE, ROADMAP_COLUMNS))


def report_row(**cells):
    values = {
        "number": "1.",
        "agreements": MOSCOW,
        "title": "Выставка",
        "timing": "10 мая",
        "venue": "г. Смоленск",
        "participants": "Участники",
        "content": "Содержание",
        "note": "",
        **cells,
    }
    return list(values.values())


def plan_row(**cells):
    values = {
        "number": "1.",
        "regions": "г. Москва",
        "title": "Фестиваль",
        "timing": "март 2023 года",
        "venue": "г. Смоленск",
        "content": "Содержание",
        "participants": "Участники",
        **cells,
    }
    return list(values.values())


def roadmap_row(**cells):
    values = {
        "number": "1.1.",
        "title": "Мероприятие",
        "timing": "2022 год",
        "responsible": CULTURE,
        "progress": "Исполнено",
        **cells,
    }
    return list(values.values())


def _group(text):
    return text


def good_docx():
    return quarterly([_group(CULTURE), report_row()])


# Every document below ends with a row the import refuses (an agreement no one signed, a plan
# row without a title, an unknown department), so each is read to the end and refused: a file
# that reads is refused with the rows' problems.
STOP_REPORT = report_row(agreements="Соглашение с Марсом", title="Стоп")
STOP_PLAN = plan_row(title="")
STOP_ROADMAP = roadmap_row(responsible="Департамент по делам космоса", title="Стоп")


def refused_docx():
    return quarterly([_group(CULTURE), report_row(), STOP_REPORT])


def _cell_props_doc(props):
    return document(f"<w:tbl><w:tr>{_tc('a', f'<w:tcPr>{props}</w:tcPr>')}</w:tr></w:tbl>")


def _laughs(root):
    """A DTD whose entity &i; expands to 10^9 characters (the «billion laughs»)."""
    entities = "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    return f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY a "aaaaaaaaaa">{entities}]>'


def _nested(open_tag, close_tag, depth, inner):
    return open_tag * depth + inner + close_tag * depth


def _random_bytes(rng, size):
    return rng.randbytes(size)


def _archive_samples(good, rng, kind):
    """Broken or hostile archives made from a good file of `kind` (docx or xlsx)."""
    main = "word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml"
    samples = [
        ("empty", b""),
        ("one-byte", b"P"),
        ("plain-text", "Просто текст, а не документ".encode()),
        ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ("ole-encrypted", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 1024),
        ("pk-only", b"PK"),
        ("pk-header-garbage", b"PK\x03\x04" + _random_bytes(rng, 300)),
        ("eocd-only", b"PK\x05\x06" + b"\0" * 18),
        ("html", b"<html><body>not a document</body></html>"),
        ("gzip", b"\x1f\x8b\x08\x00" + _random_bytes(rng, 100)),
    ]
    samples += [(f"random-{i}", _random_bytes(rng, 64 << i)) for i in range(4)]
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.9, 0.99):
        samples.append((f"truncated-{int(fraction * 100)}", good[: int(len(good) * fraction)]))
    samples.append(("truncated-eocd", good[:-10]))
    start = _local_entry(good, main) + 30 + len(main)
    for i in range(6):
        data = bytearray(good)
        position = start + 5 + i * 37
        data[position] ^= 0x5A
        samples.append((f"bitflip-{i}", bytes(data)))
    eocd = _eocd(good)
    samples += [
        ("cd-offset-plus-one", _patched(good, eocd + 16, "<L", _cd_start(good) + 1)),
        ("cd-offset-huge", _patched(good, eocd + 16, "<L", 0xFFFFFFF0)),
        ("cd-offset-zero", _patched(good, eocd + 16, "<L", 0)),
        ("cd-entries-wrong", _patched(_patched(good, eocd + 10, "<H", 999), eocd + 8, "<H", 999)),
        ("cd-size-wrong", _patched(good, eocd + 12, "<L", 3)),
    ]
    central = _central_entry(good, main)
    samples += [
        ("size-declared-small", _patched(good, central + 24, "<L", 10)),
        ("size-declared-huge", _patched(good, central + 24, "<L", 0xFFFFFFF0)),
        ("crc-wrong", _patched(good, central + 16, "<L", 0x12345678)),
        ("method-unknown", _patched(good, central + 10, "<H", 99)),
        (
            "encrypted-flag",
            _patched(_patched(good, central + 8, "<H", 1), _local_entry(good, main) + 6, "<H", 1),
        ),
    ]
    parts = parts_of(good)
    samples += [
        ("bzip2-parts", zip_of(parts, zipfile.ZIP_BZIP2)),
        ("lzma-parts", zip_of(parts, zipfile.ZIP_LZMA)),
        ("stored-parts", zip_of(parts, zipfile.ZIP_STORED)),
        ("nested-zip", zip_of({**parts, main: good})),
        ("main-part-missing", zip_of({k: v for k, v in parts.items() if k != main})),
        ("main-part-empty", zip_of({**parts, main: b""})),
        ("main-part-binary", zip_of({**parts, main: _random_bytes(rng, 2000)})),
        ("too-many-entries", zip_of({**parts, **{f"junk/{i}.bin": b"" for i in range(1200)}})),
        (
            "traversal-names",
            zip_of({**parts, "../../etc/passwd": b"x", "/abs/name": b"y", "a\\..\\b": b"z"}),
        ),
        ("bomb-total", bomb_zip("junk/filler.bin", 210 * MB, parts)),
        ("bomb-ratio", bomb_zip("junk/filler.xml", 40 * MB, parts)),
    ]
    duplicate = io.BytesIO()
    with zipfile.ZipFile(duplicate, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            archive.writestr(main, b"<other/>")
    samples.append(("duplicate-names", duplicate.getvalue()))
    return [Sample(f"{kind}-archive-{name}", data, kind) for name, data in samples]


def _markup_bomb(rng, elements=720_000):
    # Random attribute values keep the ratio low, so only the markup count can stop it (each
    # element counts 3: one tag, one attribute counted twice).
    ids = rng.randbytes(elements * 2).hex()
    cells = "".join(f'<w:p w:rsidR="{ids[i * 4 : i * 4 + 4]}"/>' for i in range(elements))
    return document(f"<w:tbl><w:tr><w:tc>{cells}</w:tc></w:tr></w:tbl>")


def _many_rows(count):
    from reports.builders import AGREEMENTS_COLUMNS

    header = "".join(_tc(column.caption) for column in AGREEMENTS_COLUMNS)
    rows = "".join(f"<w:tr>{_tc(f'{i}.')}{_tc(str(i * 7919 % 10007))}</w:tr>" for i in range(count))
    return document(f"<w:tbl><w:tr>{header}</w:tr>{rows}</w:tbl>")


def word_samples():
    rng = random.Random(13)
    samples = _archive_samples(refused_docx(), rng, "docx")
    xlsx = spreadsheet_base()
    samples.append(Sample("docx-is-a-spreadsheet", xlsx, "docx"))
    xml = {
        # XML the parser must refuse, or read without expanding anything.
        "dtd-xxe": (
            '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + document(_p("&x;")).split("?>", 1)[1]
        ),
        "dtd-laughs": (_laughs("w:document") + document(_p("&i;")).split("?>", 1)[1]),
        "dtd-after-long-comment": (
            '<?xml version="1.0"?><!--'
            + "x" * 8000
            + '--><!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/x.dtd">'
            + document("").split("?>", 1)[1]
        ),
        "dtd-parameter-entity": (
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>'
            + document("").split("?>", 1)[1]
        ),
        "xinclude": document(
            '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>'
        ),
        "unclosed": "<w:document><w:body>",
        "not-xml": "это не XML",
        "invalid-utf8": b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="'
        + W_NS.encode()
        + b'"><w:body>\xff\xfe\xc3</w:body></w:document>',
        "declared-utf16": '<?xml version="1.0" encoding="UTF-16"?>'
        + document("").split("?>", 1)[1],
        "unknown-encoding": '<?xml version="1.0" encoding="KOI-99"?>'
        + document("").split("?>", 1)[1],
        "control-char": document(_p("a&#1;b")),
        "nul-byte": document(_p("a\0b")),
        "wrong-root": f'<w:other xmlns:w="{W_NS}"/>',
        "no-namespace": "<document><body><tbl><tr><tc><p/></tc></tr></tbl></body></document>",
        "wrong-namespace": '<w:document xmlns:w="urn:x"><w:body><w:tbl/></w:body></w:document>',
        "no-body": f'<w:document xmlns:w="{W_NS}"/>',
        "empty-body": document("", title=""),
        "no-table": document(_p("Просто текст")),
        "empty-table": document("<w:tbl/>"),
        "rows-without-cells": document("<w:tbl>" + "<w:tr/>" * 50 + "</w:tbl>"),
        "no-title": document("<w:tbl><w:tr>" + _tc("a") + "</w:tr></w:tbl>", title=""),
        # Table structure Word never writes.
        "gridspan-abc": _cell_props_doc('<w:gridSpan w:val="abc"/>'),
        "gridspan-fraction": _cell_props_doc('<w:gridSpan w:val="1.5"/>'),
        "gridspan-negative": _cell_props_doc('<w:gridSpan w:val="-3"/>'),
        "gridspan-zero": _cell_props_doc('<w:gridSpan w:val="0"/>'),
        "gridspan-empty": _cell_props_doc('<w:gridSpan w:val=""/>'),
        "gridspan-huge": _cell_props_doc('<w:gridSpan w:val="999999999"/>'),
        "gridspan-fullwidth-digit": _cell_props_doc('<w:gridSpan w:val="２"/>'),
        "gridspan-in-nested-table": document(
            f"<w:tbl><w:tr><w:tc><w:tbl/>{_p('a')}</w:tc>"
            f"{_tc('b', '<w:tcPr><w:gridSpan w:val="x"/></w:tcPr>')}</w:tr></w:tbl>"
        ),
        "vmerge-garbage": _cell_props_doc('<w:vMerge w:val="sideways"/>'),
        "cell-outside-row": document(f"<w:tbl>{_tc('a')}</w:tbl>"),
        "gridspan-outside-cell": document(
            f'<w:tbl><w:tr><w:trPr><w:gridSpan w:val="2"/></w:trPr>{_tc("a")}</w:tr></w:tbl>'
        ),
        "vmerge-outside-cell": document(
            f"<w:tbl><w:tblPr><w:vMerge/></w:tblPr><w:tr>{_tc('a')}</w:tr></w:tbl>"
        ),
        "text-outside-cell": document(
            f"<w:tbl>{_p('висящий текст')}<w:tr>{_tc('a')}</w:tr></w:tbl>"
        ),
        "text-in-row": document(f"<w:tbl><w:tr><w:r><w:t>x</w:t></w:r>{_tc('a')}</w:tr></w:tbl>"),
        "cell-outside-row-nested": document(
            f"<w:tbl><w:tr><w:tc><w:tbl/>{_p('a')}</w:tc></w:tr>{_tc('b')}</w:tbl>"
        ),
        # Nesting.
        "sdt-rows-1000-deep": document(
            "<w:tbl>"
            + _nested(
                "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", 1000, f"<w:tr>{_tc('a')}</w:tr>"
            )
            + f"<w:tr><w:tc><w:tbl/>{_p('b')}</w:tc></w:tr></w:tbl>"
        ),
        "sdt-cells-1000-deep": document(
            "<w:tbl><w:tr>"
            + _nested("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", 1000, _tc("a"))
            + f"<w:tc><w:tbl/>{_p('b')}</w:tc></w:tr></w:tbl>"
        ),
        "sdt-1000-deep-flat": document(
            "<w:tbl>"
            + _nested(
                "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", 1000, f"<w:tr>{_tc('a')}</w:tr>"
            )
            + "</w:tbl>"
        ),
        "elements-5000-deep": document(_nested("<w:x>", "</w:x>", 5000, "") + "<w:tbl/>"),
        "tables-600-deep": document(
            _nested("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>", 600, _p("глубоко"))
        ),
        "text-boxes-600-deep": document(
            "<w:tbl><w:tr><w:tc><w:tbl/>"
            + _nested(
                "<w:p><w:r><w:txbxContent>", "</w:txbxContent></w:r></w:p>", 600, _p("я" * 30_000)
            )
            + "</w:tc></w:tr></w:tbl>"
        ),
        # Sizes.
        "title-2001-chars": document("<w:tbl/>", title="отчет о реализации соглашений между " * 60),
        "title-many-paragraphs": document(_p("план мероприятий на") * 3000 + "<w:tbl/>"),
        "long-tag": document(f"<w:p {' '.join(f'a{i}=""' for i in range(2000))}/><w:tbl/>"),
        "cell-20001-chars": document(f"<w:tbl><w:tr>{_tc('я' * 20_001)}</w:tr></w:tbl>"),
        "cell-many-runs": document(
            "<w:tbl><w:tr><w:tc><w:p>"
            + "<w:r><w:t>яяяяя</w:t></w:r>" * 5000
            + "</w:p></w:tc></w:tr></w:tbl>"
        ),
        "rows-20000-above-any-department": _many_rows(20_000),
    }
    samples += [Sample(f"docx-xml-{name}", docx_of(text), "docx") for name, text in xml.items()]
    samples.append(Sample("docx-xml-markup-bomb", docx_of(_markup_bomb(rng)), "docx"))
    # The largest document the reader parses: its time and memory are the reader's bounds.
    samples.append(
        Sample("docx-xml-markup-just-under-the-limit", docx_of(_markup_bomb(rng, 650_000)), "docx")
    )
    # Titles: a period the portal does not keep, or none.
    for name, title in {
        "year-0000": "Отчет о реализации соглашений за II квартал 0000 года",
        "year-1999": "Отчет о реализации соглашений за II квартал 1999 года",
        "year-2101": "Отчет о реализации соглашений за II квартал 2101 года",
        "year-9999": "План мероприятий на I полугодие 9999 года",
        "roadmap-year-0000": "Отчет об исполнении в 0000 году Плана мероприятий",
        "annual-year-0000": "Отчет о реализации соглашений за 0000 год",
        "quarter-v": "Отчет о реализации соглашений за V квартал 2023 года",
        "only-draft-mark": "ПРОЕКТ",
        "zero-width": "Отчет\u200bо реализации\u200bсоглашений за II квартал 2023 года",
        "rtl-override": "\u202eОтчет о реализации соглашений за II квартал 2023 года",
        "roadmap-between-1990": "Отчет об исполнении в 2022 году плана " + "между и " * 240,
    }.items():
        samples.append(
            Sample(
                f"docx-title-{name}",
                docx_of(document(f"<w:tbl><w:tr>{_tc('№ п/п')}</w:tr></w:tbl>", title=title)),
                "docx",
            )
        )
    # Real forms with hostile cells: read to the end, refused with the row's problems.
    big = 19_990
    for name, row in {
        "participants-digits": report_row(participants="1 " * (big // 2)),
        "participants-digits-long": report_row(participants="1" * big),
        "participants-count-phrase": report_row(participants="более " * (big // 6) + "1 человек"),
        "timing-repeated": report_row(timing="10 мая " * (big // 7)),
        "timing-dashes": report_row(timing="1-" * (big // 2)),
        "timing-nonsense": report_row(timing="когда-нибудь потом"),
        "timing-31-february": report_row(timing="31 февраля"),
        "timing-year-0": report_row(timing="10 мая 0000 года"),
        "agreements-many-unknown": report_row(agreements="Соглашение а; " * (big // 14)),
        "agreements-unknown": report_row(agreements="Соглашение с Марсом"),
        "title-empty": report_row(title=""),
        "title-long": report_row(title="Выставка " * (big // 9)),
        "number-huge": report_row(number="9" * 500),
        "count-huge": report_row(participants="99999999999999 участников"),
        "control-chars": report_row(title="a\x01\x02\x1b[31m"),
    }.items():
        samples.append(
            Sample(f"docx-report-{name}", quarterly([_group(CULTURE), row, STOP_REPORT]), "docx")
        )
    samples += [
        Sample(
            "docx-report-group-unknown",
            quarterly([_group("Департамент по делам космоса"), report_row()]),
            "docx",
        ),
        Sample(
            "docx-report-group-long",
            quarterly([_group("Департамент " * 1600), report_row()]),
            "docx",
        ),
        Sample("docx-report-row-above-group", quarterly([report_row(), _group(CULTURE)]), "docx"),
        Sample("docx-report-only-groups", quarterly([_group(CULTURE), _group(CULTURE)]), "docx"),
    ]
    for name, row in {
        "regions-many-unknown": plan_row(regions="Марс, " * (big // 6)),
        "regions-unknown": plan_row(regions="Атлантида"),
        "timing-empty": plan_row(timing=""),
        "timing-out-of-half": plan_row(timing="декабрь 2030 года"),
    }.items():
        samples.append(Sample(f"docx-plan-{name}", plan([_group(CULTURE), row, STOP_PLAN]), "docx"))
    for name, rows in {
        "responsible-many": [_group("1. Экономика"), roadmap_row(responsible="Д\n\n" * (big // 3))],
        "section-without-number": [_group("Экономика"), roadmap_row()],
        "item-above-section": [roadmap_row(), _group("1. Экономика")],
        "continuation-first": [
            _group("1. Экономика"),
            roadmap_row(number="", title="", timing="", responsible=""),
        ],
    }.items():
        samples.append(Sample(f"docx-roadmap-{name}", roadmap([*rows, STOP_ROADMAP]), "docx"))
    return samples


# --- Spreadsheets -------------------------------------------------------------------------

# A valid new row for each import, named as in the demo data (the tests check each previews
# cleanly, so every variant below is refused because of its one hostile value).
BASE_ROWS = {
    "events.plannedevent": {
        "Год": 2024,
        "Полугодие": 1,
        "Департамент": "Департамент инвестиционного развития Смоленской области",
        "Субъекты РФ": "Республика Татарстан",
        "Все субъекты РФ": 0,
        "Наименование мероприятия": "Мероприятие из набора проверок",
        "Сроки проведения мероприятия": "март 2024 года",
        "Дата начала": "",
        "Дата окончания": "",
        "№ п/п": 1,
    },
    "events.reportedevent": {
        "Год": 2024,
        "Квартал": 1,
        "Департамент": "Департамент государственной службы занятости населения Смоленской области",
        "Соглашения": MOSCOW,
        "Наименование мероприятия": "Мероприятие из набора проверок",
        "Сроки проведения мероприятия": "март 2024 года",
        "Дата начала": "",
        "Дата окончания": "",
        "Общее количество участников": 10,
        "Проведено": 1,
        "№ п/п": 1,
    },
    "agreements.agreement": {
        "Код": "corpus-agreement",
        "Полное наименование": "Соглашение из набора проверок",
        "Краткое наименование": "Соглашение из набора проверок",
        "Субъекты-партнёры": "Брянская область",
        "Дата подписания": "2024-01-15",
        "Номер": "1",
        "Статус": "active",
        "Сферы": "социальное",
    },
    "agreements.roadmapitem": {
        "«Дорожная карта»": "«Дорожная карта»: Санкт-Петербург",
        "Раздел": "1",
        "Номер пункта": "9.9.",
        "Наименование мероприятия": "Мероприятие из набора проверок",
        "Сроки проведения": "2022 год",
        "Ответственные исполнители": "Департамент промышленности и торговли Смоленской области",
        "Порядок": 1,
    },
}
_BIG_ID = str(2**64)
HOSTILE_VALUES = {
    "events.plannedevent": {
        "ID": ["abc", "1.5", _BIG_ID, "-1"],
        "Год": ["abc", "1.5", "0", "0000", "-2024", "99999", "1e9", "2101"],
        "Полугодие": ["0", "3", "abc", "-1", "1.5"],
        "Департамент": ["Департамент по делам космоса", "Д" * 19_000],
        "Субъекты РФ": ["Марс", "Марс; " * 3000],
        "Все субъекты РФ": ["может быть"],
        "Субъекты РФ (как в документе)": ["я" * 501],
        "Наименование мероприятия": [""],
        "Сроки проведения мероприятия": ["31 февраля 2024", "я" * 300, "13.13.2024"],
        "Дата начала": ["2024-13-45", "0000-01-01", "abc"],
        "Соглашение": ["Соглашение с Марсом"],
        "Статус": ["взорвано"],
        "№ п/п": ["-1", str(2**40), "abc"],
    },
    "events.reportedevent": {
        "ID": ["abc", _BIG_ID],
        "Год": ["abc", "0", "-1"],
        "Квартал": ["0", "5", "99", "abc", "-1"],
        "Соглашения": ["Соглашение с Марсом", "Соглашение; " * 1500],
        "Субъекты РФ": ["Марс"],
        "Сроки проведения мероприятия": ["я" * 256],
        "Дата окончания": ["2024-02-30"],
        "Общее количество участников": ["много", "-5", str(2**40), "1.5"],
        "Проведено": ["может быть"],
        "№ п/п": [str(2**31), "-1"],
    },
    "agreements.agreement": {
        "Код": ["", "я" * 300, "../../etc/passwd"],
        "Полное наименование": [""],
        "Краткое наименование": ["я" * 201],
        "Субъекты-партнёры": ["Марс"],
        "Дата подписания": ["2020-02-30", "вчера"],
        "Номер": ["я" * 51],
        "Статус": ["взорвано"],
        "Сферы": ["космическое"],
    },
    "agreements.roadmapitem": {
        "ID": ["abc", "1.5", _BIG_ID],
        "«Дорожная карта»": ["Нет такой"],
        "Раздел": ["999", "abc"],
        "Номер пункта": ["я" * 21],
        "Наименование мероприятия": [""],
        "Сроки проведения": ["я" * 201],
        "Ответственные исполнители": ["Департамент по делам космоса"],
        "Порядок": ["-1", "abc", str(2**40)],
    },
}
MODELS = tuple(BASE_ROWS)
_WRONG_COLUMN = {
    "events.plannedevent": "Департамент",
    "events.reportedevent": "Соглашения",
    "agreements.agreement": "Субъекты-партнёры",
    "agreements.roadmapitem": "Ответственные исполнители",
}


def csv_of(rows, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode()


def xlsx_of(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet_base():
    return xlsx_of([["Год", "Квартал"], [2024, 1]])


def _sheet_xml(rows_xml, dimension="A1:B2"):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    )


def _with_sheet(good, sheet_xml, **extra):
    return zip_of({**parts_of(good), "xl/worksheets/sheet1.xml": sheet_xml.encode(), **extra})


def _inline_row(number, values):
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def spreadsheet_samples():
    rng = random.Random(15)
    good = spreadsheet_base()
    samples = _archive_samples(good, rng, "xlsx")
    parts = parts_of(good)
    header = _inline_row(1, ["Год", "Квартал"])
    xlsx = {
        "is-a-word-document": good_docx(),
        "dtd-in-sheet": _with_sheet(
            good,
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            + _sheet_xml(header).split("?>", 1)[1],
        ),
        "dtd-laughs-in-shared-strings": zip_of(
            {
                **parts,
                "xl/sharedStrings.xml": (
                    _laughs("sst") + f'<sst xmlns="{S_NS}"><si><t>&i;</t></si></sst>'
                ).encode(),
            }
        ),
        "xxe-in-workbook": zip_of(
            {
                **parts,
                "xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                + parts["xl/workbook.xml"].split(b"?>", 1)[-1],
            }
        ),
        "workbook-missing": zip_of({k: v for k, v in parts.items() if k != "xl/workbook.xml"}),
        "workbook-garbage": zip_of({**parts, "xl/workbook.xml": b"<workbook>"}),
        "styles-garbage": zip_of({**parts, "xl/styles.xml": b"<styleSheet><x"}),
        "styles-9mb": zip_of(
            {
                **parts,
                "xl/styles.xml": b"<a><!--"
                + rng.randbytes(9 * MB // 2).hex().encode()
                + b"--></a>",
            }
        ),
        "no-sheets": zip_of(
            {
                **parts,
                "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
            }
        ),
        "sheet-not-xml": _with_sheet(good, "не XML"),
        "shared-string-out-of-range": _with_sheet(
            good, _sheet_xml(header + '<row r="2"><c r="A2" t="s"><v>999999</v></c></row>')
        ),
        "number-cell-text": _with_sheet(
            good, _sheet_xml(header + '<row r="2"><c r="A2" t="n"><v>abc</v></c></row>')
        ),
        "cell-ref-garbage": _with_sheet(
            good, _sheet_xml(header + '<row r="2"><c r="ZZZZZZZZ2"><v>1</v></c></row>')
        ),
        "row-number-huge": _with_sheet(
            good, _sheet_xml(header + '<row r="99999999999"><c><v>1</v></c></row>')
        ),
        "row-after-excel-limit": _with_sheet(
            good, _sheet_xml(header + '<row r="1048577"><c><v>1</v></c></row>')
        ),
        "dimension-lies": _with_sheet(good, _sheet_xml(header, dimension="A1:XFD1048576")),
        "cell-in-column-xfd": _with_sheet(
            good, _sheet_xml(header + '<row r="2"><c r="XFD2"><v>1</v></c></row>')
        ),
        "columns-101-with-data": xlsx_of(
            [["Год"] + [f"к{i}" for i in range(100)], list(range(101))]
        ),
        "cells-over-the-limit": _with_sheet(
            good,
            _sheet_xml(
                header
                + "".join(
                    f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(2, 80_000)
                )
            ),
        ),
        "cell-20001-chars": xlsx_of([["Год", "Квартал"], ["я" * 20_001, 1]]),
        "header-only": xlsx_of([["Год", "Квартал"]]),
        "blank-sheet": xlsx_of([]),
        "header-blank-names": xlsx_of([[None, None, "Год"], [1, 2, 2024]]),
        "values-right-of-header": xlsx_of([["Год"], [2024, "лишнее"]]),
        "header-duplicates": xlsx_of([["Год", "Год"], [2024, 2025]]),
        "header-numbers": xlsx_of([[1, 2, 3], [4, 5, 6]]),
        "error-cells": _with_sheet(
            good, _sheet_xml(header + '<row r="2"><c r="A2" t="e"><v>#DIV/0!</v></c></row>')
        ),
        "huge-number": xlsx_of([["Год", "Квартал"], [1e308, -1e308]]),
        "formula-cells": _with_sheet(
            good,
            _sheet_xml(header + '<row r="2"><c r="A2"><f>HYPERLINK("http://x","y")</f></c></row>'),
        ),
    }
    samples += [Sample(f"xlsx-{name}", data, "xlsx") for name, data in xlsx.items()]
    # The largest sheet openpyxl is given: its time is the spreadsheet reader's bound.
    cells = "".join(
        f'<row r="{i}">'
        + "".join(f'<c r="{c}{i}"><v>{i}</v></c>' for c in "ABCDEFGHIJKLMNOPQRSTU")
        + "</row>"
        for i in range(2, 6_800)
    )
    samples.append(
        Sample(
            "xlsx-cells-just-under-the-limit",
            _with_sheet(good, _sheet_xml(_inline_row(1, [f"к{i}" for i in range(21)]) + cells)),
            "xlsx",
            ("events.reportedevent",),
        )
    )
    head = "Год,Квартал\n"
    csvs = {
        "empty": b"",
        "bom-only": "\ufeff".encode(),
        "newlines-only": b"\n\n\n\n",
        "header-only": head.encode(),
        "binary": _random_bytes(rng, 4000),
        "nul-bytes": b"\xd0\x93\xd0\xbe\xd0\xb4\0,\0\n1,2\n",
        "utf16": head.encode("utf-16"),
        "cp1251-unknown-columns": "Колонка,Другая\nзначение,ещё\n".encode("cp1251"),
        "latin1-garbage": bytes(range(128, 256)) * 20,
        "unbalanced-quote": (head + '"2024,1\n').encode(),
        "field-over-csv-limit": (head + "2024," + "я" * 140_000 + "\n").encode(),
        "field-20001-chars": (head + "2024," + "я" * 20_001 + "\n").encode(),
        "rows-100001": (head + "2024,1\n" * 100_001).encode(),
        "columns-10000": (
            ",".join(f"к{i}" for i in range(10_000)) + "\n" + ",".join("1" * 10_000) + "\n"
        ).encode(),
        "values-right-of-header": (head + "2024,1,лишнее\n").encode(),
        "header-duplicates": b"\xd0\x93\xd0\xbe\xd0\xb4,\xd0\x93\xd0\xbe\xd0\xb4\n1,2\n",
        "header-empty-names": (b",,\n1,2,3\n"),
        "semicolon-unknown-columns": "Колонка;Другая\n1;2\n".encode(),
        "cr-only-lines": (head.replace("\n", "\r") + "2024,1\r").encode(),
        "formula-injection-unknown-columns": b'=cmd|" /C calc"!A0,@SUM(1)\n+1,-1\n',
        "json-instead": b'{"rows": [1, 2, 3]}',
    }
    samples += [Sample(f"csv-{name}", data, "csv") for name, data in csvs.items()]
    # Files of well-formed rows that are too many, or all wrong.
    for model, base in BASE_ROWS.items():
        label = model.split(".")[1]
        rows = [list(base)] + [list(base.values())] * 1_001
        samples.append(Sample(f"{label}-rows-over-the-cap", csv_of(rows), "csv", (model,)))
        wrong = {**base, _WRONG_COLUMN[model]: "Нет такого в справочнике"}
        rows = [list(wrong)] + [list(wrong.values())] * 900
        samples.append(Sample(f"{label}-900-wrong-rows", csv_of(rows), "csv", (model,)))
    # One file per hostile value of a typed column, for the import it belongs to.
    index = 0
    for model, columns in HOSTILE_VALUES.items():
        base = BASE_ROWS[model]
        for column, values in columns.items():
            for value in values:
                row = {**base, column: value}
                kind = "csv" if index % 2 == 0 else "xlsx"
                index += 1
                data = (csv_of if kind == "csv" else xlsx_of)([list(row), list(row.values())])
                label = f"{model.split('.')[1]}-{_slug(column)}-{_slug(str(value))[:24]}"
                samples.append(Sample(label, data, kind, (model,)))
    return samples


def _slug(text):
    allowed = "abcdefghijklmnopqrstuvwxyz0123456789"
    table = {ord(c): c for c in allowed}
    translit = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    latin = "abvgdeezziiklmnoprstufhccss_y_eua"
    table.update({ord(c): latin[i] for i, c in enumerate(translit)})
    out = "".join(table.get(ord(c), "-") for c in text.lower())
    return "-".join(part for part in out.split("-") if part) or "x"


def base_samples():
    """The valid rows the variants are made from, as CSV, one per import."""
    return [
        Sample(
            f"base-{model.split('.')[1]}", csv_of([list(row), list(row.values())]), "csv", (model,)
        )
        for model, row in BASE_ROWS.items()
    ]


def corpus():
    return word_samples() + spreadsheet_samples()


def _read(sample):
    """The sample through the reader of its kind, as far as a reader goes without a database."""
    from cooperation.resources import read_csv, read_xlsx
    from cooperation.uploads import UploadRejected
    from imports.docx_reader import DocumentError, read_docx
    from imports.layouts import detect_layout, read_grid

    try:
        if sample.kind == "docx":
            raw = read_docx(sample.data)
            read_grid(raw, detect_layout(raw.title_lines))
        else:
            (read_xlsx if sample.kind == "xlsx" else read_csv)(sample.data)
    except (DocumentError, UploadRejected) as error:
        return str(error)
    return ""


def _memory_kib(field):
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in KiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def measure():
    """Each sample read in this process: the slowest read in processor seconds, and the most
    any one read raised the resident memory above what the process held before it (Linux
    resets the peak when "5" is written to /proc/self/clear_refs)."""
    import gc
    import time

    samples = corpus()
    slowest, largest = (0.0, ""), (0, "")
    for sample in samples:
        gc.collect()
        Path("/proc/self/clear_refs").write_text("5")
        before = _memory_kib("VmRSS")
        start = time.process_time()
        _read(sample)
        slowest = max(slowest, (time.process_time() - start, sample.name))
        largest = max(largest, (_memory_kib("VmHWM") - before, sample.name))
    return {
        "files": len(samples),
        "slowest_seconds": round(slowest[0], 2),
        "slowest": slowest[1],
        "largest_mb": round(largest[0] / 1024, 1),
        "largest": largest[1],
    }


def main(argv):
    import json
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    if argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
        return 0
    if len(argv) != 2:
        print("usage: python -m tests.hostile.corpus DIR | --measure")
        return 2
    target = Path(argv[1])
    target.mkdir(parents=True, exist_ok=True)
    samples = corpus()
    for sample in samples:
        (target / sample.file_name).write_bytes(sample.data)
    print(f"{len(samples)} files in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
