"""Documents of approved data: one version per state of the data under them, one build per
version, stored and reused (reports.cache)."""

from dataclasses import replace

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement, RoadmapProgress
from cooperation import roles
from cooperation.models import Department, DepartmentName, Region
from events.models import PlannedEvent, ReportedEvent
from imports.services import document_import, import_undo
from reports import cache
from reports.builders import build_report
from reports.cache import DocumentSpec, data_version, order_build, run_build
from reports.models import DocumentBuild, DocumentStatus, Submission, SubmissionStatus
from reports.renderers import render_docx
from reports.services import submission_reopen
from reports.tables import Row
from reports.tasks import build_document
from tests.factories import (
    PlannedEventFactory,
    ReportedEventFactory,
    SubmissionFactory,
    UserFactory,
)
from tests.imports.docs import CULTURE, plan_docx, plan_row

pytestmark = pytest.mark.django_db

QUARTER = DocumentSpec.of("quarterly", year=2020, quarter=3)


def _version(spec=QUARTER):
    return data_version(spec).key


@pytest.fixture
def coordinator():
    return UserFactory(role=roles.COORDINATOR, is_staff=True)


# --- The version ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        QUARTER,
        DocumentSpec.of("half_year", year=2020, half=2),
        DocumentSpec.of("annual", year=2020),
        DocumentSpec.of("plan", year=2022, half=2),
    ],
    ids=lambda spec: spec.kind,
)
def test_the_version_is_one_query(demo, spec):
    with CaptureQueriesContext(connection) as queries:
        data_version(spec)
    assert len(queries) == 1


def test_the_roadmap_version_is_one_query(demo):
    spec = DocumentSpec.of("roadmap", year=2022, roadmap=demo["roadmap"])
    with CaptureQueriesContext(connection) as queries:
        version = data_version(spec)
    assert len(queries) == 1
    assert version.rows > 0


def test_the_same_data_gives_the_same_version(demo):
    assert _version() == _version()


def test_the_version_counts_the_documents_rows(demo):
    assert data_version(QUARTER).rows == ReportedEvent.objects.in_quarter(2020, 3).count()


def test_an_edited_event_of_the_quarter_changes_its_version(demo):
    before = _version()
    event = ReportedEvent.objects.in_quarter(2020, 3).first()
    event.participants = "Исправлено координатором"
    event.save()
    assert _version() != before


def test_an_added_or_deleted_event_changes_the_version(demo):
    before = _version()
    event = ReportedEventFactory(year=2020, quarter=3)
    added = _version()
    event.delete()
    assert len({before, added, _version()}) == 3


def test_an_event_of_another_quarter_leaves_the_version_alone(demo):
    department = Department.objects.filter(reported_events__year=2020).first()
    before = _version()
    ReportedEventFactory(year=2020, quarter=2, department=department)
    assert _version() == before


def test_a_returned_or_reopened_quarter_changes_the_version(demo, coordinator):
    before = _version()
    submission = Submission.objects.in_quarter(2020, 3).approved().first()
    submission_reopen(submission=submission, by=coordinator, comment="Уточните участников.")
    assert _version() != before


def test_an_approval_changes_the_version(demo):
    submission = SubmissionFactory(year=2020, quarter=3, status=SubmissionStatus.SUBMITTED)
    before = _version()
    submission.status = SubmissionStatus.APPROVED
    submission.save()
    assert _version() != before


def _edited_quarter_document(title):
    """The demo quarter as a Word document, with the first row's title changed."""
    table = build_report("quarterly", year=2020, quarter=3)
    rows = table.materialize()
    first = next(i for i, row in enumerate(rows) if not row.is_group)
    cells = list(rows[first].cells)
    cells[2] = title
    rows[first] = replace(rows[first], cells=tuple(cells))
    return render_docx(table)


def test_an_import_into_the_quarter_changes_the_version(demo, coordinator):
    before = _version()
    data = _edited_quarter_document("Мероприятие, уточнённое загрузкой")
    result = document_import(data=data, file_name="q3.docx", by=coordinator)
    assert result.updated
    assert _version() != before


def test_undoing_an_import_changes_the_version(demo, coordinator):
    data = _edited_quarter_document("Мероприятие, уточнённое загрузкой")
    result = document_import(data=data, file_name="q3.docx", by=coordinator)
    imported = _version()
    import_undo(record=result.record, by=coordinator)
    undone = _version()
    assert undone != imported
    assert not ReportedEvent.objects.filter(title="Мероприятие, уточнённое загрузкой").exists()


def test_an_import_that_changes_nothing_keeps_the_version(demo, coordinator):
    data = render_docx(build_report("quarterly", year=2020, quarter=3))
    document_import(data=data, file_name="q3.docx", by=coordinator)
    before = _version()
    result = document_import(data=data, file_name="q3.docx", by=coordinator)
    assert not result.created and not result.updated
    assert _version() == before


def test_an_import_that_changes_only_the_agreements_of_a_row_changes_the_version(demo, coordinator):
    table = build_report("quarterly", year=2020, quarter=3)
    rows = table.materialize()
    first = next(i for i, row in enumerate(rows) if not row.is_group)
    other = Agreement.objects.exclude(title=rows[first].cells[1]).first().title
    rows[first] = replace(rows[first], cells=(rows[first].cells[0], other, *rows[first].cells[2:]))
    data = render_docx(table)
    before = _version()
    result = document_import(data=data, file_name="q3.docx", by=coordinator)
    assert result.updated
    assert _version() != before


def test_a_name_of_another_year_changes_the_version(demo):
    before = _version()
    DepartmentName.objects.create(
        department=Department.objects.first(), name="Министерство всего", valid_from=None
    )
    assert _version() != before


def test_renamed_reference_rows_change_the_version(demo):
    before = _version()
    agreement = Agreement.objects.filter(reported_events__year=2020).first()
    agreement.title += " (в новой редакции)"
    agreement.save()
    renamed = _version()
    department = Department.objects.filter(reported_events__year=2020).first()
    department.name += " (переименован)"
    department.save()
    assert len({before, renamed, _version()}) == 3


def test_an_import_into_the_plan_changes_the_plan_version(db):
    spec = DocumentSpec.of("plan", year=2023, half=1)
    first = plan_docx([Row(group=CULTURE), plan_row(1, "Тверская область")])
    document_import(data=first, file_name="p.docx")
    before = _version(spec)
    second = plan_docx([Row(group=CULTURE), plan_row(1, "Брянская область")])
    assert document_import(data=second, file_name="p.docx").updated == 1
    assert _version(spec) != before


def test_roadmap_progress_changes_the_roadmap_version(demo):
    spec = DocumentSpec.of("roadmap", year=2022, roadmap=demo["roadmap"])
    before = _version(spec)
    entry = RoadmapProgress.objects.filter(year=2022, item__section__roadmap=demo["roadmap"])[0]
    entry.text += " Работа продолжена."
    entry.save()
    edited = _version(spec)
    RoadmapProgress.objects.filter(pk=entry.pk).delete()
    assert len({before, edited, _version(spec)}) == 3


def test_progress_of_another_year_leaves_the_roadmap_version_alone(demo):
    spec = DocumentSpec.of("roadmap", year=2022, roadmap=demo["roadmap"])
    before = _version(spec)
    item = demo["roadmap"].sections.first().items.first()
    RoadmapProgress.objects.create(item=item, year=2023, text="Планируется.")
    assert _version(spec) == before


def test_a_renamed_region_changes_the_plan_version(db):
    spec = DocumentSpec.of("plan", year=2022, half=2)
    PlannedEventFactory()
    before = _version(spec)
    tver = Region.objects.get(short_name="Тверская область")
    tver.name_genitive = "Тверской области (ред.)"
    tver.save()
    assert _version(spec) != before


def test_the_document_code_is_part_of_the_version(demo, monkeypatch):
    before = _version()
    monkeypatch.setattr(cache, "code_revision", lambda: "another deploy")
    assert _version() != before


# --- Builds -----------------------------------------------------------------------------------


def test_a_build_stores_the_document_once_per_version(demo):
    version = data_version(QUARTER)
    build = order_build(QUARTER, "xlsx", version)
    assert build.status == DocumentStatus.READY
    assert build.filename == "Отчет_о_реализации_соглашений_III_квартал_2020.xlsx"
    with default_storage.open(build.file.name) as stored:
        assert stored.read().startswith(b"PK")
    assert order_build(QUARTER, "xlsx", version).pk == build.pk
    assert DocumentBuild.objects.count() == 1


def test_a_new_version_replaces_the_stored_file_of_the_old_one(demo):
    old = order_build(QUARTER, "docx", data_version(QUARTER))
    ReportedEventFactory(year=2020, quarter=3)
    new = order_build(QUARTER, "docx", data_version(QUARTER))
    assert new.version != old.version and new.status == DocumentStatus.READY
    assert not default_storage.exists(old.file.name)
    assert list(DocumentBuild.objects.values_list("pk", flat=True)) == [new.pk]


def test_a_large_document_goes_to_the_task_worker(
    demo, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(cache, "BACKGROUND_ROWS", 5)
    version = data_version(QUARTER)
    with django_capture_on_commit_callbacks(execute=True):
        build = order_build(QUARTER, "xlsx", version)
        again = order_build(QUARTER, "xlsx", version)
    assert build.status == again.status == DocumentStatus.PENDING
    assert again.pk == build.pk
    (queued,) = build_document.get_backend().results  # a second reader started nothing
    assert queued.args == [build.pk]
    build_document.call(*queued.args)
    build.refresh_from_db()
    assert build.status == DocumentStatus.READY
    assert build.rows_done == build.rows_expected == version.rows


def test_the_task_builds_in_the_worker_with_the_immediate_backend(demo, monkeypatch):
    monkeypatch.setattr(cache, "BACKGROUND_ROWS", 5)
    build = DocumentBuild.objects.create(
        kind="annual", params="year=2020", format="docx", version="v1", rows_expected=21
    )
    result = build_document.enqueue(build.pk)
    build.refresh_from_db()
    assert result.status == "SUCCESSFUL" and build.status == DocumentStatus.READY


def test_a_second_run_of_the_same_build_does_nothing(demo):
    build = order_build(QUARTER, "xlsx", data_version(QUARTER))
    finished = build.finished_at
    run_build(build.pk)
    build.refresh_from_db()
    assert build.finished_at == finished


def test_a_failed_build_is_recorded_and_tried_again_after_a_pause(demo, monkeypatch):
    def broken(table, out):
        raise RuntimeError("диск переполнен")

    monkeypatch.setitem(cache.RENDERERS, "xlsx", broken)
    version = data_version(QUARTER)
    build = order_build(QUARTER, "xlsx", version)
    assert build.status == DocumentStatus.FAILED
    assert build.error == cache.FAILED_MESSAGE  # no internals shown to the reader
    monkeypatch.undo()
    assert order_build(QUARTER, "xlsx", version).status == DocumentStatus.FAILED  # too soon
    DocumentBuild.objects.filter(pk=build.pk).update(
        updated_at=timezone.now() - cache.RETRY_FAILED_AFTER * 2
    )
    assert order_build(QUARTER, "xlsx", version).status == DocumentStatus.READY


def test_a_stalled_build_is_started_again_by_one_reader(demo):
    version = data_version(QUARTER)
    build = DocumentBuild.objects.create(
        kind="quarterly",
        params=QUARTER.params,
        format="docx",
        version=version.key,
        status=DocumentStatus.RUNNING,
    )
    assert order_build(QUARTER, "docx", version).status == DocumentStatus.RUNNING  # still fresh
    DocumentBuild.objects.filter(pk=build.pk).update(
        updated_at=timezone.now() - cache.STALLED_AFTER * 2
    )
    assert order_build(QUARTER, "docx", version).status == DocumentStatus.READY


def test_one_document_has_one_key_however_the_form_was_filled(demo):
    annual = DocumentSpec.of("annual", year=2020, quarter=3, half=1)
    assert annual == DocumentSpec.of("annual", year=2020)
    assert DocumentSpec.from_params("quarterly", QUARTER.params) == QUARTER


def test_the_preview_is_stored_with_the_first_rows(demo, monkeypatch):
    monkeypatch.setattr(cache, "PREVIEW_ROWS", 3)
    build = order_build(QUARTER, cache.PREVIEW, data_version(QUARTER))
    html = cache.read_preview(build)
    assert "На экране первые 3 строк" in html
    assert html.count("<tr>") <= 3 + 1  # three rows and the header


def test_every_planned_event_kind_of_document_builds(demo):
    for spec in (
        DocumentSpec.of("plan", year=2022, half=2),
        DocumentSpec.of("annual", year=2020),
        DocumentSpec.of("half_year", year=2020, half=2),
        DocumentSpec.of("roadmap", year=2022, roadmap=demo["roadmap"]),
    ):
        for fmt in ("docx", "xlsx", cache.PREVIEW):
            assert order_build(spec, fmt, data_version(spec)).status == DocumentStatus.READY


def test_planned_events_of_the_plan_are_what_its_version_counts(db):
    PlannedEventFactory.create_batch(3)
    spec = DocumentSpec.of("plan", year=2022, half=2)
    assert data_version(spec).rows == PlannedEvent.objects.in_half(2022, 2).count() == 3
