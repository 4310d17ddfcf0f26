"""The hostile corpus through every upload path: «Импорт документа» in the admin, the
`import_document` command and the four spreadsheet imports. Each file gets a message, no page
answers 500 or shows a traceback, no row changes, and each file is done with within 10 s."""

import time

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import UserFactory
from tests.hostile import corpus

pytestmark = pytest.mark.django_db

SECONDS = 10
UPLOAD = reverse("admin:imports_importrecord_upload")
CONFIRM = reverse("admin:imports_importrecord_confirm")
FORMATS = {"xlsx": "0", "csv": "1"}
PROJECT_APPS = ("cooperation", "agreements", "events", "reports", "imports", "workspace")


@pytest.fixture(scope="module")
def samples():
    return corpus.corpus()


@pytest.fixture
def admin_client(client, demo):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _counts():
    # An upload's ImportJob is the upload itself (its state and message), not data it wrote.
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in PROJECT_APPS and m._meta.label != "imports.ImportJob"
    ]
    models += [LogEntry, apps.get_model("reversion", "Version")]
    return {m._meta.label: m._base_manager.count() for m in models}


def _timed(call):
    # Processor time of this process: the work a file costs, whatever else the machine runs.
    start = time.process_time()
    result = call()
    return result, time.process_time() - start


def _each(samples, check):
    """Run `check` on every sample; the failures, so one run shows them all."""
    failures = []
    for sample in samples:
        try:
            problem = check(sample)
        except Exception as error:  # noqa: BLE001 - a crash is what is being looked for
            problem = f"{type(error).__name__}: {str(error)[:200]}"
        if problem:
            failures.append((sample.name, problem))
    return failures


def _page_problems(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert "Traceback" not in html and 'class="traceback"' not in html


def test_the_corpus_is_big_and_every_file_has_its_own_name(samples):
    assert len(samples) >= 200
    assert len({s.file_name for s in samples}) == len(samples)
    assert {s.kind for s in samples} == {"docx", "xlsx", "csv"}


def test_every_word_file_is_refused_by_the_upload_page_with_a_message(admin_client, samples):
    before = _counts()

    def check(sample):
        upload = SimpleUploadedFile(sample.file_name, sample.data)
        # The worker reads the upload (tests run tasks at once): the page it leads to shows the
        # form's errors, the failed upload's message, or the preview.
        response, seconds = _timed(
            lambda: admin_client.post(UPLOAD, {"file": upload, "kind": ""}, follow=True)
        )
        _page_problems(response)
        form, preview = response.context.get("form"), response.context.get("preview")
        job = response.context.get("job")
        if preview is None and job is not None:
            message = job.error
        elif preview is None:
            message = " ".join(form.errors.get("file", []))
        else:
            # Read to the end: the preview lists what must be fixed, and confirming refuses.
            message = "; ".join(str(p) for p in preview.blocking)
            confirmed = admin_client.post(
                CONFIRM, {"token": form.initial["token"], "kind": ""}, follow=True
            )
            if "Документ не загружен" not in confirmed.content.decode():
                return "confirm was not refused"
        return _verdict(message, seconds, before)

    failures = _each([s for s in samples if s.kind == "docx"], check)
    assert not failures, _listed(failures)


def test_every_word_file_is_refused_by_the_command_with_a_message(demo, samples, tmp_path):
    before = _counts()

    def check(sample):
        path = tmp_path / sample.file_name
        path.write_bytes(sample.data)
        start, message = time.process_time(), ""
        try:
            call_command("import_document", str(path), stdout=_Sink(), stderr=_Sink())
        except CommandError as error:
            message = str(error)
        finally:
            path.unlink()
        return _verdict(message, time.process_time() - start, before)

    failures = _each([s for s in samples if s.kind == "docx"], check)
    assert not failures, _listed(failures)


def _spreadsheet_message(response):
    _page_problems(response)
    context = response.context
    if "confirm_form" in context:
        return ""
    messages = [str(e) for e in context["form"].errors.get("import_file", [])]
    result = context.get("result")
    if result is not None:
        messages += [str(e.error) for e in result.base_errors]
        messages += [str(e.error) for _, errors in result.row_errors() for e in errors]
        messages += [str(m) for row in result.invalid_rows for m in row.error_dict.values()]
    return " ".join(messages)


def test_every_spreadsheet_is_refused_by_each_import_with_a_message(admin_client, samples):
    before = _counts()
    tries = [
        (sample, model)
        for sample in samples
        if sample.kind != "docx"
        for model in sample.models or corpus.MODELS
    ]

    def check(attempt):
        sample, model = attempt.sample, attempt.model
        app_label, model_name = model.split(".")
        url = reverse(f"admin:{app_label}_{model_name}_import")
        upload = SimpleUploadedFile(sample.file_name, sample.data)
        data = {"import_file": upload, "format": FORMATS[sample.kind], "resource": "0"}
        response, seconds = _timed(lambda: admin_client.post(url, data))
        return _verdict(_spreadsheet_message(response), seconds, before)

    assert len(tries) >= 300
    failures = _each([_Attempt(sample, model) for sample, model in tries], check)
    assert not failures, _listed(failures)


def _listed(failures):
    return f"{len(failures)} files:\n" + "\n".join(
        f"{name}: {problem}" for name, problem in failures
    )


def _verdict(message, seconds, before):
    if not message.strip():
        return "no message"
    if seconds > SECONDS:
        return f"took {seconds:.1f} s"
    if _counts() != before:
        return "rows changed"
    return None


class _Attempt:
    def __init__(self, sample, model):
        self.sample, self.model = sample, model
        self.name = f"{sample.name} → {model}"


def test_the_rows_the_spreadsheet_variants_start_from_would_import(admin_client):
    # So each variant above is refused for its one hostile value, not for its base row.
    for sample in corpus.base_samples():
        app_label, model_name = sample.models[0].split(".")
        url = reverse(f"admin:{app_label}_{model_name}_import")
        upload = SimpleUploadedFile(sample.file_name, sample.data)
        response = admin_client.post(url, {"import_file": upload, "format": "1", "resource": "0"})
        assert "confirm_form" in response.context, (sample.name, _spreadsheet_message(response))


class _Sink:
    def write(self, text):
        pass

    def flush(self):
        pass
