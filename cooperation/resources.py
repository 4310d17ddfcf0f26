"""Shared pieces for spreadsheet import/export (django-import-export): reference values by name,
read once per import, with Russian messages; formats that never write a formula.

The name widgets keep the names they have read. Declare each on a resource's field, which
import-export copies for every resource instance, so every import reads the reference afresh;
a widget shared at module or class level would keep stale names until the process restarts.
"""

import io

from import_export import widgets
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm

from cooperation.text import closest_name, closest_name_hint, normalize_name

RISKY_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
        text = str(value or "").strip()
        if not text:
            return None
        found = self._lookup().get(text) or self._lookup().get(normalize_name(text))
        if found is None:
            names = [getattr(obj, self.field) for obj in self._lookup().values()]
            hint = closest_name_hint(closest_name(text, names))
            raise ValueError(f"{self.label} «{text}» не найден в справочнике.{hint}")
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
        key = str(value or "")
        lookup = self._lookup()
        if key not in self._cells:
            self._cells[key] = self._match(key, lookup)
        found, error = self._cells[key]
        if error:
            raise ValueError(error)
        return list(found)

    def _match(self, value, lookup):
        found, missing = [], []
        for part in str(value or "").split(self.separator):
            text = part.strip()
            if not text:
                continue
            obj = lookup.get(normalize_name(text))
            if obj is None:
                names = [getattr(o, self.field) for o in lookup.values()]
                missing.append(f"«{text}»{closest_name_hint(closest_name(text, names))}")
            else:
                found.append(obj)
        if missing:
            return [], f"{self.label}: не найдено в справочнике: " + " ".join(missing)
        return found, None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        items = value if isinstance(value, list | tuple) else value.all()
        return f"{self.separator} ".join(str(getattr(item, self.field)) for item in items)


class SafeXLSX(base_formats.XLSX):
    """XLSX export in which every text is a text cell, never a formula."""

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
                if isinstance(cell.value, str) and cell.data_type == "f":
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class SafeCSV(base_formats.CSV):
    """CSV export with cells that a spreadsheet would run as formulae prefixed by an apostrophe
    (OWASP CSV injection); the import removes that apostrophe again."""

    def export_data(self, dataset, **kwargs):
        for index, row in enumerate(dataset):
            dataset[index] = tuple(escape_formula(value) for value in row)
        return super().export_data(dataset, **kwargs)


def escape_formula(value):
    if isinstance(value, str) and value.startswith(RISKY_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(RISKY_PREFIXES):
        return value[1:]
    return value


SAFE_FORMATS = [SafeXLSX, SafeCSV]


class ColumnExportForm(SelectableFieldsExportForm):
    """The export page's checkboxes named by the spreadsheet's columns («Все субъекты РФ»),
    not by English field names («All Regions (Все субъекты РФ)»)."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field and field.column_name else field_name


class IntWidget(widgets.IntegerWidget):
    """Integers without import-export's Decimal round trip (a hot path in large sheets)."""

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip().replace("\xa0", "").replace(" ", "").split(".")[0])
        except ValueError as error:
            raise ValueError(f"«{value}» — не целое число.") from error


class IsoDateWidget(widgets.DateWidget):
    """Dates as YYYY-MM-DD (what our exports write); spreadsheet dates pass through."""

    def __init__(self):
        super().__init__("%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        import datetime

        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return super().clean(value, row, **kwargs)
