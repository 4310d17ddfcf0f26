"""Shared pieces for spreadsheet import/export (django-import-export): reference values by name,
read once per import, with Russian messages; formats that never write a formula and read an
uploaded file only within fixed bounds; resources that check a file's columns before any row.

The name widgets keep the names they have read. Declare each on a resource's field, which
import-export copies for every resource instance, so every import reads the reference afresh;
a widget shared at module level would keep stale names until the process restarts.
"""

import csv
import datetime
import io
import re

import tablib
from django.core.exceptions import FieldDoesNotExist
from django.db.backends.base.operations import BaseDatabaseOperations
from import_export import widgets
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import Error, RowResult

from cooperation.periods import REPORT_YEAR_MAX, REPORT_YEAR_MIN
from cooperation.text import closest_name, closest_name_hint, normalize_name
from cooperation.uploads import (
    MAX_CELL_CHARS,
    UploadRejected,
    check_upload_size,
    check_xml_parts,
    open_archive,
)

RISKY_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What an import reads at most: rows with data, columns, and rows walked over, blank ones
# included (a sheet may put its one row at number 1,048,576, and openpyxl fills the gap).
MAX_ROWS = 100_000
MAX_COLUMNS = 100
MAX_SHEET_ROWS = MAX_ROWS + 10_000
# Parts openpyxl parses whole (workbook, styles, theme, relations); worksheets and shared
# strings are streamed. 8 MB of the densest XML still parses in under 250 MB.
MAX_STRUCTURE_PARTS = 8 * 1024 * 1024
# openpyxl reads about 60,000 cells a second; cells, rows and shared strings are counted in the
# raw XML before it starts, so no sheet takes it more than a few seconds.
MAX_XLSX_ELEMENTS = 150_000
_ELEMENTS = re.compile(rb"<(?:\w+:)?(?:c|row|si)[\s/>]")
# Numbers beyond what the database keeps (PostgreSQL bigint) are refused before any query.
MAX_INTEGER = 2**63 - 1
# One careful import checks at most this many rows (about 6 ms each), the bulk one more; the
# check stops after MAX_FAILED_ROWS rows with errors.
MAX_CHECKED_ROWS = 1_000
MAX_BULK_ROWS = 20_000
MAX_FAILED_ROWS = 100
MAX_LISTED = 10  # unknown names listed in one message; closest-name hints for as many
BLANK = (None, "")


def _thousands(number):
    return f"{number:,}".replace(",", " ")


class TextWidget(widgets.CharWidget):
    """Text of a cell, at most `max_length` characters (set from the model field by
    CheckedResource, else the common cap), so nothing later parses or stores a huge value."""

    def __init__(self, max_length=MAX_CELL_CHARS, **kwargs):
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if text and len(text) > self.max_length:
            raise ValueError(
                f"Текст длиннее {_thousands(self.max_length)} знаков "
                f"(в ячейке — {_thousands(len(text))})."
            )
        return text


def _capped(value, label):
    text = str(value or "")
    if len(text) > MAX_CELL_CHARS:
        raise ValueError(f"{label}: ячейка длиннее {_thousands(MAX_CELL_CHARS)} знаков.")
    return text


class NamedReferenceWidget(widgets.ForeignKeyWidget):
    """A foreign key written by name; all names are read in one query per widget (per import)."""

    def __init__(self, model, field, label, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.label = label
        self._cache = None

    def _lookup(self):
        if self._cache is None:
            objects = list(self.model.objects.all())
            self._cache = {normalize_name(getattr(obj, self.field)): obj for obj in objects}
            # Exact spellings first, so most rows need no normalisation at all.
            self._cache.update({getattr(obj, self.field): obj for obj in objects})
        return self._cache

    def clean(self, value, row=None, **kwargs):
        text = _capped(value, self.label).strip()
        if not text:
            return None
        found = self._lookup().get(text) or self._lookup().get(normalize_name(text))
        if found is None:
            names = [getattr(obj, self.field) for obj in self._lookup().values()]
            hint = closest_name_hint(closest_name(text[:500], names))
            raise ValueError(f"{self.label} «{text[:200]}» не найден в справочнике.{hint}")
        return found


class NamedListWidget(widgets.ManyToManyWidget):
    """Several reference values in one cell, in order, separated by `separator`."""

    def __init__(self, model, field, label, separator=";", **kwargs):
        super().__init__(model, separator=separator, field=field, **kwargs)
        self.label = label
        self._cache = None

    def _lookup(self):
        if self._cache is None:
            self._cache = {
                normalize_name(getattr(obj, self.field)): obj for obj in self.model.objects.all()
            }
            self._cells = {}
        return self._cache

    def clean(self, value, row=None, **kwargs):
        # Large sheets repeat the same cells (the same agreements row after row): match once.
        key = _capped(value, self.label)
        lookup = self._lookup()
        if key not in self._cells:
            self._cells[key] = self._match(key, lookup)
        found, error = self._cells[key]
        if error:
            raise ValueError(error)
        return list(found)

    def _match(self, value, lookup):
        found, missing = [], []
        for part in value.split(self.separator):
            text = part.strip()
            if not text:
                continue
            obj = lookup.get(normalize_name(text))
            if obj is None:
                missing.append(text)
            else:
                found.append(obj)
        if missing:
            # A name and its hint for the first few only: a cell may hold thousands of parts.
            names = [getattr(o, self.field) for o in lookup.values()]
            shown = [
                f"«{text[:200]}»{closest_name_hint(closest_name(text[:500], names))}"
                for text in missing[:MAX_LISTED]
            ]
            more = len(missing) - MAX_LISTED
            return [], (
                f"{self.label}: не найдено в справочнике: "
                + " ".join(shown)
                + (f" И ещё {_thousands(more)}." if more > 0 else "")
            )
        return found, None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        items = value if isinstance(value, list | tuple) else value.all()
        return f"{self.separator} ".join(str(getattr(item, self.field)) for item in items)


class IntWidget(widgets.IntegerWidget):
    """Integers without import-export's Decimal round trip (a hot path in large sheets); a
    fraction, a text or a number outside the column's range is refused in Russian. The range
    is the model field's on any database (CheckedResource sets it), so SQLite, which stores
    any 64-bit number, refuses what PostgreSQL would."""

    def __init__(self, minimum=-MAX_INTEGER, maximum=MAX_INTEGER, **kwargs):
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise ValueError(f"«{value}» — не целое число.")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int):
            text = str(value).strip().replace("\xa0", "").replace(" ", "")
            text = re.sub(r"\.0+$", "", text)
            if not re.fullmatch(r"[-+]?[0-9]{1,19}", text):
                raise ValueError(f"«{str(value)[:50]}» — не целое число.")
            value = int(text)
        if not self.minimum <= value <= self.maximum:
            raise ValueError(
                f"«{value}» — вне допустимых пределов: от {self.minimum} до {self.maximum}."
            )
        return value


class YearWidget(IntWidget):
    """A reporting year: the range every period helper accepts."""

    def __init__(self):
        super().__init__(minimum=REPORT_YEAR_MIN, maximum=REPORT_YEAR_MAX)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                f"«{str(value)[:50]}» — не год: укажите год от {REPORT_YEAR_MIN} до "
                f"{REPORT_YEAR_MAX}."
            ) from None


class IsoDateWidget(widgets.DateWidget):
    """Dates as YYYY-MM-DD (what our exports write); spreadsheet dates pass through."""

    def __init__(self):
        super().__init__("%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()[:10]
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return super().clean(text, row, **kwargs)
        except (ValueError, TypeError, OverflowError):
            raise ValueError(
                f"«{str(value)[:50]}» — не дата (ожидается ГГГГ-ММ-ДД, например 2024-03-15)."
            ) from None


class YesNoWidget(widgets.BooleanWidget):
    """Yes or no: 1/0, да/нет, true/false; anything else is an error, not a silent «нет»."""

    TRUE_WORDS = {"1", "да", "true", "истина"}
    FALSE_WORDS = {"0", "нет", "false", "ложь"}

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().casefold()
        if word in self.TRUE_WORDS:
            return True
        if word in self.FALSE_WORDS:
            return False
        raise ValueError(f"«{str(value)[:50]}» — ожидается «да» или «нет» (1 или 0).")


class CheckedInstanceLoader(CachedInstanceLoader):
    """CachedInstanceLoader that does not fail the whole import on one bad key: rows whose key
    does not read are left to fail alone, with their own message."""

    def __init__(self, resource, dataset=None):
        self.resource, self.dataset = resource, dataset
        self.pk_field = resource.fields[resource.get_import_id_fields()[0]]
        self.all_instances = {}
        if dataset is None or self.pk_field.column_name not in (dataset.headers or []):
            return
        keys = set()
        for row in dataset.dict:
            try:
                key = self.pk_field.clean(row)
            except (ValueError, TypeError, ArithmeticError):
                continue
            if key not in BLANK:
                keys.add(key)
        if keys:
            queryset = self.get_queryset().filter(**{f"{self.pk_field.attribute}__in": keys})
            self.all_instances = {self.pk_field.get_value(obj): obj for obj in queryset}


class CheckedResource:
    """Mixed into every ModelResource here: the file's columns are checked before any row is
    read, and text cells are capped at the model field's length.

    A file with unknown, repeated or unnamed columns, or without a required one, gets one
    message naming them and the expected ones; nothing is imported.
    """

    # Columns a file must have; the others may be left out (an import may touch only some).
    required_columns = ()
    # Rows one import checks: each costs a few milliseconds (constraints, comparison, links).
    max_rows = MAX_CHECKED_ROWS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        model = self._meta.model
        for field in self.fields.values():
            if not field.attribute:
                continue
            try:
                model_field = model._meta.get_field(field.attribute)
            except FieldDoesNotExist:
                continue
            widget = field.widget
            if isinstance(widget, TextWidget) and getattr(model_field, "max_length", None):
                widget.max_length = model_field.max_length
            if type(widget) is IntWidget:
                internal = model_field.get_internal_type()
                low, high = BaseDatabaseOperations.integer_field_ranges.get(
                    internal, (-MAX_INTEGER, MAX_INTEGER)
                )
                # Keys are never zero or negative, whatever the column could hold.
                widget.minimum = 1 if internal.endswith("AutoField") else low
                widget.maximum = high

    def column_problem(self, headers):
        expected = [field.column_name for field in self.get_import_fields()]
        headers = list(headers or [])
        unnamed = sum(1 for h in headers if h in BLANK)
        named = [h for h in headers if h not in BLANK]
        repeated = sorted({h for h in named if named.count(h) > 1}, key=named.index)
        unknown = [h for h in named if h not in expected]
        missing = [c for c in self.required_columns if c not in named]
        if not (unnamed or repeated or unknown or missing):
            return None
        parts = []
        if unknown:
            parts.append(
                "неизвестные столбцы: " + ", ".join(f"«{str(h)[:100]}»" for h in unknown[:20])
            )
        if missing:
            parts.append("нет столбцов: " + ", ".join(f"«{c}»" for c in missing))
        if repeated:
            parts.append("повторяются столбцы: " + ", ".join(f"«{str(h)[:100]}»" for h in repeated))
        if unnamed:
            parts.append(f"столбцов без названия: {unnamed}")
        return (
            "Столбцы файла не совпадают с формой «"
            + str(self._meta.model._meta.verbose_name_plural)
            + "»: "
            + "; ".join(parts)
            + ". Ожидаются столбцы: "
            + ", ".join(f"«{c}»" for c in expected)
            + " (так их называет выгрузка из этого же списка)."
        )

    def row_count_problem(self, dataset):
        if len(dataset) <= self.max_rows:
            return None
        return (
            f"В файле {_thousands(len(dataset))} строк, а этот импорт принимает за раз не больше "
            f"{_thousands(self.max_rows)} (каждую строку он проверяет и сравнивает с базой). "
            "Разделите файл на части"
            + (
                ""
                if self.max_rows >= MAX_BULK_ROWS
                else " или выберите «Быстрый импорт», где он есть"
            )
            + "."
        )

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        problem = self.column_problem(dataset.headers) or self.row_count_problem(dataset)
        if problem is None:
            self._failed_rows = self._unchecked_rows = 0
            result = super().import_data(
                dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs
            )
            result.unchecked_rows = self._unchecked_rows
            result.failed_rows_limit = MAX_FAILED_ROWS
            return result
        if raise_errors:
            raise UploadRejected(problem)
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        result.total_rows = len(dataset)
        result.append_base_error(Error(UploadRejected(problem)))
        return result

    def import_row(self, row, instance_loader, **kwargs):
        # After enough failed rows the rest are not checked: the file will not be imported
        # anyway, and a crafted file of bad rows would otherwise keep the server busy.
        if self._failed_rows >= MAX_FAILED_ROWS:
            self._unchecked_rows += 1
            skipped = self.get_row_result_class()()
            skipped.import_type = RowResult.IMPORT_TYPE_SKIP
            return skipped
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.errors or row_result.validation_error is not None:
            self._failed_rows += 1
        return row_result

    def before_import_row(self, row, **kwargs):
        for key, value in list(row.items()):
            row[key] = unescape_formula(value)


# --- Reading an uploaded spreadsheet --------------------------------------------------------


def _header(value):
    return "" if value is None else str(value).strip()


def _dataset(rows, *, what):
    """A tablib Dataset from the rows of a file, the first being the header; blank rows are
    skipped, and the file is refused beyond the bounds above."""
    dataset = tablib.Dataset()
    walked = 0
    for row in rows:
        walked += 1
        if walked > MAX_SHEET_ROWS:
            raise UploadRejected(
                f"В {what} больше {_thousands(MAX_SHEET_ROWS)} строк (считая пустые); такой "
                "файл не принимается."
            )
        if len(row) > MAX_COLUMNS:
            if any(value not in BLANK for value in row[MAX_COLUMNS:]):
                raise UploadRejected(
                    f"В {what} больше {MAX_COLUMNS} столбцов; такой файл не принимается."
                )
            row = row[:MAX_COLUMNS]
        if row.count(None) + row.count("") == len(row):
            continue
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise UploadRejected(
                    f"Ячейка в строке {walked}, столбце {column} длиннее "
                    f"{_thousands(MAX_CELL_CHARS)} знаков; такой текст не принимается."
                )
        if dataset.headers is None:
            headers = [_header(v) for v in row]
            while headers and not headers[-1]:
                headers.pop()
            dataset.headers = headers
            continue
        width = len(dataset.headers)
        if len(row) > width:
            if any(value not in BLANK for value in row[width:]):
                raise UploadRejected(
                    f"В строке {walked} есть значения правее последнего столбца с названием; "
                    "назовите столбец или удалите значения."
                )
            row = row[:width]
        if len(dataset) >= MAX_ROWS:
            raise UploadRejected(
                f"В {what} больше {_thousands(MAX_ROWS)} строк с данными; разделите его на "
                "несколько файлов."
            )
        dataset.append(list(row) + [None] * (width - len(row)))
    if dataset.headers is None:
        raise UploadRejected(f"В {what} нет ни одной строки.")
    if not len(dataset):
        raise UploadRejected(f"В {what} нет строк с данными под строкой с названиями столбцов.")
    return dataset


def read_xlsx(data):
    """The first worksheet of an .xlsx file as a Dataset."""
    import openpyxl

    archive = open_archive(data, not_zip="Файл не является таблицей Excel (.xlsx).")
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise UploadRejected(
                "Это документ Word, а не таблица Excel: документы загружаются через "
                "«Импорт документа»."
            )
        raise UploadRejected("Файл не является таблицей Excel (.xlsx).")
    structure = sum(
        entry.file_size
        for entry in archive.infolist()
        if entry.filename.lower().endswith((".xml", ".rels"))
        and not entry.filename.startswith("xl/worksheets/")
        and entry.filename != "xl/sharedStrings.xml"
    )
    if structure > MAX_STRUCTURE_PARTS:
        raise UploadRejected(
            "Служебные части таблицы (стили, описание книги) занимают больше "
            f"{MAX_STRUCTURE_PARTS // 1024 // 1024} МБ; сохраните таблицу заново без лишнего "
            "оформления."
        )
    counts = check_xml_parts(archive, counted=_ELEMENTS)
    elements = sum(
        count
        for name, count in counts.items()
        if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"
    )
    if elements > MAX_XLSX_ELEMENTS:
        raise UploadRejected(
            f"В таблице больше {_thousands(MAX_XLSX_ELEMENTS)} ячеек и строк; такая таблица "
            "читается слишком долго. Разделите её на несколько файлов или сохраните в CSV."
        )
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
        sheets = workbook.worksheets
        if not sheets:
            raise UploadRejected("В таблице нет ни одного листа.")
        sheet = sheets[0]
        sheet.reset_dimensions()  # rows as the file has them, not as its header claims
        rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
        return _dataset(rows, what="таблице")
    except UploadRejected:
        raise
    except Exception as error:  # noqa: BLE001 - openpyxl fails on broken files in many ways
        raise UploadRejected(
            "Таблица повреждена или сохранена не в формате Excel (.xlsx): её не прочитать."
        ) from error


def read_csv(data):
    """A CSV file as a Dataset: UTF-8 (with or without BOM), else Windows-1251 as Excel saves
    it in a Russian locale; «,» or «;» as separator, whichever the header uses."""
    check_upload_size(len(data))
    if isinstance(data, bytes):
        if b"\0" in data:
            raise UploadRejected("Файл не является текстом CSV (в нём есть двоичные данные).")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1251")
            except UnicodeDecodeError:
                raise UploadRejected(
                    "Файл CSV не в кодировке UTF-8 или Windows-1251: сохраните его в UTF-8."
                ) from None
    else:
        text = data.removeprefix("\ufeff")
    first = text[: text.find("\n")] if "\n" in text else text
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return _dataset(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), what="файле"
        )
    except csv.Error as error:
        raise UploadRejected(
            f"Файл CSV не читается: {error} (ячейка длиннее "
            f"{_thousands(csv.field_size_limit())} знаков, лишняя кавычка или двоичные данные)."
        ) from error


# --- Formats --------------------------------------------------------------------------------


class SafeXLSX(base_formats.XLSX):
    """XLSX import within bounds; export in which every text is a text cell, never a formula,
    and a text that starts like a formula keeps Excel's quote prefix (stays text when edited)."""

    def create_dataset(self, in_stream):
        return read_xlsx(in_stream)

    def export_data(self, dataset, **kwargs):
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = (dataset.title or "Данные")[:31]
        sheet.append(list(dataset.headers or []))
        for row in dataset:
            sheet.append(["" if value is None else value for value in row])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (
                    cell.data_type == "f" or cell.value.startswith(RISKY_PREFIXES)
                ):
                    cell.data_type = "s"
                    cell.quotePrefix = True
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class SafeCSV(base_formats.CSV):
    """CSV within bounds on import. On export every cell is quoted, so a «;» or «,» inside a
    cell never splits it whichever separator the spreadsheet assumes (Excel in a Russian locale
    takes «;»), and a formula start — at the beginning of the cell and after any separator or
    line break inside it — is neutralised by an apostrophe (OWASP CSV injection); the import
    removes those apostrophes again."""

    def create_dataset(self, in_stream, **kwargs):
        return read_csv(in_stream)

    def export_data(self, dataset, **kwargs):
        for index, row in enumerate(dataset):
            dataset[index] = tuple(escape_formula(value) for value in row)
        kwargs.setdefault("quoting", csv.QUOTE_ALL)
        return super().export_data(dataset, **kwargs)


SAFE_FORMATS = [SafeXLSX, SafeCSV]


class ColumnExportForm(SelectableFieldsExportForm):
    """The export page's checkboxes named by the spreadsheet's columns («Все субъекты РФ»),
    not by English field names («All Regions (Все субъекты РФ)»)."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field and field.column_name else field_name


# A formula may start at the cell's start or after a separator, spaces allowed: «,» «;» tab, and
# line breaks, which end a record for a reader that takes a quoted cell apart (Excel opening a
# «,» file with «;» as separator does).
_FORMULA_START = re.compile(r"(^|[,;\t\r\n])([ \xa0]*)(?=[=+\-@\t\r])")
_ESCAPED_START = re.compile(r"(^|[,;\t\r\n])([ \xa0]*)'(?=[=+\-@\t\r])")


def escape_formula(value):
    if isinstance(value, str):
        return _FORMULA_START.sub(r"\1\2'", value)
    return value


def unescape_formula(value):
    if isinstance(value, str) and "'" in value:
        return _ESCAPED_START.sub(r"\1\2", value)
    return value
