"""`make docs-preview`: which documents it renders, and a clear message without the tools.
(The conversion itself runs in tests/reports/test_print.py.)"""

import pytest
from django.core.management import CommandError, call_command

from devtools import preview
from devtools.preview import demo_reports


def test_the_preview_covers_every_kind_of_demo_document(demo):
    reports = dict(demo_reports())
    assert list(reports) == [
        "plan_2022_II",
        "quarterly_2020_III",
        "half_year_2020_II",
        "annual_2020",
        "roadmap_2022",
    ]
    assert all(any(r.cells for r in table.materialize()) for table in reports.values())


def test_without_libreoffice_the_command_says_what_to_install(db, monkeypatch):
    monkeypatch.setattr(preview.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="soffice, pdftoppm.*poppler-utils"):
        call_command("docs_preview", "--current-database")
