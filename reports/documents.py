"""The form of the government's documents: their kinds, titles and table columns.

Both directions share it: the builders write documents in this form, and the import of legacy
Word documents recognises them by the same titles and captions.
"""

from django.db import models

from cooperation.periods import half_title
from reports.tables import Column


class ReportKind(models.TextChoices):
    PLAN = "plan", "План мероприятий на полугодие"
    QUARTERLY = "quarterly", "Отчет о реализации соглашений за квартал"
    HALF_YEAR = "half_year", "Отчет о реализации соглашений за полугодие"
    ANNUAL = "annual", "Отчет о реализации соглашений за год"
    ROADMAP = "roadmap", "Отчет об исполнении «дорожной карты»"


# Widths in cm on A4 landscape with 2 cm margins (25.7 cm of text width). Each column is wide
# enough for the longest word of its caption in bold 12 pt, so no caption word is ever split
# (tests/reports/test_documents.py checks it), and the number column holds «9999.».
PLAN_COLUMNS = [
    Column("№ п/п", 1.25),
    Column("Субъект Российской Федерации, с которым планируется взаимодействие", 3.6),
    Column("Наименование мероприятия", 4.3),
    Column("Сроки проведения мероприятия", 3.0),
    Column("Место проведения мероприятия", 3.3),
    Column("Содержание мероприятия", 5.55),
    Column("Участники мероприятия", 4.7),
]

AGREEMENTS_COLUMNS = [
    Column("№ п/п", 1.25),
    Column("Соглашение о сотрудничестве, в рамках которого была проведена работа", 3.6),
    Column("Наименование мероприятия", 3.3),
    Column("Сроки проведения мероприятия", 3.0),
    Column("Место проведения мероприятия", 3.0),
    Column(
        "Участники мероприятия (общее количество, представители регионов, другие "
        "дополнительные сведения)",
        3.7,
    ),
    Column(
        "Содержание и результат мероприятия (в том числе краткая информация о достигнутых "
        "договоренностях, подписанных документах и т.д.)",
        3.95,
    ),
    Column("Примечание (причины невыполнения запланированных мероприятий)", 3.9),
]

ROADMAP_COLUMNS = [
    Column("№ п/п Плана", 1.7),
    Column("Наименование мероприятия Плана", 6.6),
    Column("Сроки проведения", 2.7),
    Column("Ответственный исполнитель", 4.5),
    Column("Информация о ходе исполнения мероприятий Плана", 10.2),
]

AGREEMENTS_TITLE = "Отчет о реализации соглашений в сфере межрегионального сотрудничества"
PLAN_TITLE = "План мероприятий в сфере межрегионального сотрудничества"
# Heads the title of a consolidated report that still includes unapproved rows.
DRAFT_MARK = "ПРОЕКТ"


def plan_title_lines(year, half):
    return [f"{PLAN_TITLE} на {half_title(year, half)}"]


def agreements_title_lines(period):
    """`period` as the title words it: «III квартал 2020 года», «2020 год»."""
    return [AGREEMENTS_TITLE, f"за {period}"]


def _genitive_title(title):
    # "План мероприятий …" → "Плана мероприятий …", as the report's title reads.
    return "Плана" + title[4:] if title.startswith("План ") else title


def roadmap_title_lines(year, roadmap_title):
    return [
        f"Отчет об исполнении в {year} году",
        f"{_genitive_title(roadmap_title)} (далее – План)",
    ]
