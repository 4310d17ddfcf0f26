"""Spreadsheet pieces shared by the imports: strict widgets with Russian messages, bounded file
readers, and resources that check a file's columns and size before any row."""

import datetime

import pytest
import tablib

from agreements.resources import AgreementResource, RoadmapItemResource
from cooperation.models import Region
from cooperation.resources import (
    MAX_FAILED_ROWS,
    IntWidget,
    IsoDateWidget,
    NamedListWidget,
    TextWidget,
    YearWidget,
    YesNoWidget,
    read_csv,
    read_xlsx,
)
from cooperation.uploads import UploadRejected
from events.resources import ReportedEventBulkResource, ReportedEventResource
from tests.hostile.corpus import BASE_ROWS, csv_of, xlsx_of


@pytest.mark.parametrize(
    ("value", "expected"), [("12", 12), (" 1 200 ", 1200), (3.0, 3), ("7.0", 7), ("", None)]
)
def test_integers_read_as_people_type_them(value, expected):
    assert IntWidget().clean(value) == expected


@pytest.mark.parametrize("value", ["1.5", 1.5, "abc", "1e9", True, str(2**64), "٣"])
def test_anything_but_an_integer_is_refused(value):
    with pytest.raises(ValueError, match="не целое число|вне допустимых пределов"):
        IntWidget().clean(value)


def test_an_integer_outside_its_columns_range_is_refused_on_any_database():
    widget = ReportedEventResource().fields["position"].widget
    assert (widget.minimum, widget.maximum) == (0, 2**31 - 1)
    with pytest.raises(ValueError, match="вне допустимых пределов"):
        widget.clean(2**31)
    assert ReportedEventResource().fields["id"].widget.minimum == 1


@pytest.mark.parametrize("value", ["0", "0000", "1999", "2101", "-2024"])
def test_a_year_outside_the_reporting_years_is_refused(value):
    with pytest.raises(ValueError, match="от 2000 до 2100"):
        YearWidget().clean(value)


@pytest.mark.parametrize("value", ["2024-13-45", "0000-01-01", "вчера", "2024-02-30"])
def test_a_date_that_is_no_date_is_refused(value):
    with pytest.raises(ValueError, match="не дата"):
        IsoDateWidget().clean(value)


def test_dates_read_from_text_and_from_spreadsheet_cells():
    assert IsoDateWidget().clean("2024-03-15") == datetime.date(2024, 3, 15)
    assert IsoDateWidget().clean(datetime.datetime(2024, 3, 15, 10)) == datetime.date(2024, 3, 15)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("да", True), ("Нет", False), (1, True), ("0", False), ("TRUE", True), ("", None)],
)
def test_yes_and_no(value, expected):
    assert YesNoWidget().clean(value) is expected


def test_a_word_that_is_neither_yes_nor_no_is_refused():
    with pytest.raises(ValueError, match="«да» или «нет»"):
        YesNoWidget().clean("может быть")


def test_a_text_longer_than_its_column_is_refused():
    widget = AgreementResource().fields["short_title"].widget
    assert isinstance(widget, TextWidget) and widget.max_length == 200
    with pytest.raises(ValueError, match="длиннее 200 знаков"):
        widget.clean("я" * 201)


@pytest.mark.django_db
def test_thousands_of_unknown_names_are_listed_briefly():
    widget = NamedListWidget(Region, "short_name", "Субъект РФ")
    with pytest.raises(ValueError) as error:
        widget.clean("; ".join(f"М{n}" for n in range(1500)))
    assert "И ещё 1 490." in str(error.value)
    assert len(str(error.value)) < 3000


def test_csv_saved_by_russian_excel_reads():
    text = "Год;Квартал\n2024;1\n"
    dataset = read_csv(text.encode("cp1251"))
    assert dataset.headers == ["Год", "Квартал"] and dataset[0] == ("2024", "1")
    assert read_csv(("\ufeff" + text).encode()).headers == ["Год", "Квартал"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "нет ни одной строки"),
        ("Год,Квартал\n".encode(), "нет строк с данными"),
        (b"a,b\x00\n1,2\n", "двоичные данные"),
        (("Год\n" + "я" * 140_000 + "\n").encode(), "не читается"),
        (("Год\n" + "я" * 20_001 + "\n").encode(), "длиннее 20 000 знаков"),
        (("Год\n" + "2024\n" * 100_001).encode(), "больше 100 000 строк"),
        ((",".join("к" * 101) + "\n" + ",".join("1" * 101) + "\n").encode(), "больше 100 столбцов"),
        ("Год\n2024,лишнее\n".encode(), "правее последнего столбца"),
    ],
    ids=["empty", "header only", "binary", "field limit", "long cell", "rows", "columns", "ragged"],
)
def test_a_bad_csv_is_refused_with_a_message(data, message):
    with pytest.raises(UploadRejected, match=message):
        read_csv(data)


def test_xlsx_reads_the_first_sheet_and_skips_blank_rows():
    dataset = read_xlsx(xlsx_of([["Год", "Квартал"], [None, None], [2024, 1]]))
    assert dataset.headers == ["Год", "Квартал"] and list(dataset) == [(2024, 1)]


def test_a_word_document_given_as_a_spreadsheet_is_named():
    from tests.hostile.corpus import good_docx

    with pytest.raises(UploadRejected, match="Это документ Word"):
        read_xlsx(good_docx())


@pytest.mark.django_db
def test_wrong_columns_get_one_message_naming_them_and_nothing_is_read():
    dataset = tablib.Dataset(["x", "y"], headers=["Год", "Колонка"])
    result = RoadmapItemResource().import_data(dataset, dry_run=True)
    (error,) = result.base_errors
    message = str(error.error)
    assert "неизвестные столбцы: «Год», «Колонка»" in message
    assert "нет столбцов: ««Дорожная карта»», «Раздел»" in message
    assert not result.rows


@pytest.mark.django_db
def test_a_file_over_the_row_cap_is_refused_before_any_row():
    row = BASE_ROWS["events.reportedevent"]
    dataset = tablib.Dataset(*[list(row.values())] * 1_001, headers=list(row))
    result = ReportedEventResource().import_data(dataset, dry_run=True)
    assert "принимает за раз не больше 1 000" in str(result.base_errors[0].error)
    assert ReportedEventBulkResource().row_count_problem(dataset) is None


@pytest.mark.django_db
def test_the_check_stops_after_a_hundred_failed_rows():
    row = {**BASE_ROWS["agreements.agreement"], "Сферы": "космическое"}
    rows = [[f"code-{n}", *list(row.values())[1:]] for n in range(300)]
    result = AgreementResource().import_data(tablib.Dataset(*rows, headers=list(row)), dry_run=True)
    assert len(result.invalid_rows) == MAX_FAILED_ROWS
    assert result.unchecked_rows == 300 - MAX_FAILED_ROWS


def test_csv_rows_are_read_back_as_written():
    assert read_csv(csv_of([["a", "b"], ["1", "x;=y"]]))[0] == ("1", "x;=y")
