"""Reviewing quarterly reports in the admin: one at a time from the change page, or in bulk."""

import pytest
from django.urls import reverse

from cooperation import roles
from reports.models import Submission, SubmissionAction, SubmissionStatus
from reports.services import submission_approve, submission_get_or_create, submission_submit
from tests.factories import DepartmentFactory, ReportedEventFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reports_submission_changelist")


def change_url(submission):
    return reverse("admin:reports_submission_change", args=[submission.pk])


def approve_url(submission):
    return reverse("admin:reports_submission_approve", args=[submission.pk])


def return_url(submission):
    return reverse("admin:reports_submission_return", args=[submission.pk])


def make_submission(status=SubmissionStatus.SUBMITTED, quarter=3):
    staff = StaffFactory()
    submission = submission_get_or_create(
        department=staff.department, year=2022, quarter=quarter, by=staff
    )
    if status in {SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED}:
        submission = submission_submit(submission=submission, by=staff)
    if status == SubmissionStatus.APPROVED:
        submission = submission_approve(
            submission=submission, by=UserFactory(role=roles.COORDINATOR)
        )
    return submission


@pytest.fixture
def coordinator_user():
    return UserFactory(role=roles.COORDINATOR, is_staff=True)


@pytest.fixture
def coordinator(client, coordinator_user):
    client.force_login(coordinator_user)
    return client


@pytest.fixture
def official(client):
    client.force_login(UserFactory(role=roles.OFFICIAL, is_staff=True))
    return client


def status_of(submission):
    submission.refresh_from_db()
    return submission.status


def page_messages(response):
    return [str(m) for m in response.context["messages"]]


# --- One report from its change page ---------------------------------------------------------


def test_coordinator_sees_both_buttons_on_a_submitted_report(coordinator):
    submission = make_submission()
    page = coordinator.get(change_url(submission)).content.decode()
    assert 'value="Принять"' in page
    assert 'value="Вернуть на доработку"' in page
    assert approve_url(submission) in page and return_url(submission) in page


def test_no_approve_button_on_a_draft(coordinator):
    page = coordinator.get(change_url(make_submission(SubmissionStatus.DRAFT))).content.decode()
    assert 'value="Принять"' not in page
    assert 'value="Вернуть на доработку"' not in page


def test_coordinator_approves_from_the_change_page(coordinator, coordinator_user):
    submission = make_submission()
    response = coordinator.post(approve_url(submission), follow=True)
    assert response.redirect_chain[-1][0] == change_url(submission)
    assert status_of(submission) == SubmissionStatus.APPROVED
    assert submission.reviewed_by == coordinator_user
    assert any("Принят" in m for m in page_messages(response))


def test_approving_twice_is_refused_with_a_message(coordinator):
    submission = make_submission()
    coordinator.post(approve_url(submission))
    response = coordinator.post(approve_url(submission), follow=True)
    assert any("Принять можно только отчёт" in m for m in page_messages(response))
    assert submission.history.filter(action=SubmissionAction.APPROVED).count() == 1


def test_approving_a_draft_changes_nothing(coordinator):
    submission = make_submission(SubmissionStatus.DRAFT)
    response = coordinator.post(approve_url(submission), follow=True)
    assert any("отправленный на проверку" in m for m in page_messages(response))
    assert status_of(submission) == SubmissionStatus.DRAFT


def test_coordinator_cannot_approve_their_own_department(client):
    submission = make_submission()
    insider = UserFactory(role=roles.COORDINATOR, is_staff=True, department=submission.department)
    client.force_login(insider)
    response = client.post(approve_url(submission), follow=True)
    assert any("своего департамента" in m for m in page_messages(response))
    assert status_of(submission) == SubmissionStatus.SUBMITTED


def test_return_with_a_comment(coordinator):
    submission = make_submission()
    coordinator.post(return_url(submission), {"comment": "Нет сроков проведения"})
    assert status_of(submission) == SubmissionStatus.RETURNED
    assert submission.review_comment == "Нет сроков проведения"


def test_return_without_a_comment_is_refused(coordinator):
    submission = make_submission()
    response = coordinator.post(return_url(submission), {"comment": "  "}, follow=True)
    assert any("Укажите, что нужно исправить" in m for m in page_messages(response))
    assert status_of(submission) == SubmissionStatus.SUBMITTED


def test_review_urls_answer_only_post(coordinator):
    submission = make_submission()
    assert coordinator.get(approve_url(submission)).status_code == 405
    assert status_of(submission) == SubmissionStatus.SUBMITTED


def test_review_urls_check_csrf(coordinator_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator_user)
    submission = make_submission()
    assert client.post(approve_url(submission)).status_code == 403
    assert status_of(submission) == SubmissionStatus.SUBMITTED


def test_change_page_lists_the_departments_rows_of_the_quarter(coordinator):
    submission = make_submission()
    ReportedEventFactory(department=submission.department, year=2022, quarter=3, title="Ярмарка")
    ReportedEventFactory(department=submission.department, year=2022, quarter=2, title="Весна")
    ReportedEventFactory(year=2022, quarter=3, title="Чужое мероприятие")
    page = coordinator.get(change_url(submission)).content.decode()
    assert "Ярмарка" in page
    assert "Весна" not in page and "Чужое мероприятие" not in page


# --- The change form edits the heading note only ---------------------------------------------


def change_form_data(response):
    """What the browser would post back: every field of the form and its inlines, as shown."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    return {
        bound.html_name: bound.value()
        for form in forms
        for bound in form
        if bound.value() is not None
    }


def test_identity_and_status_are_read_only_on_the_change_form(coordinator):
    submission = make_submission(SubmissionStatus.APPROVED)
    form = coordinator.get(change_url(submission)).context["adminform"].form
    assert set(form.fields) == {"heading_note"}


def test_posting_another_department_or_quarter_changes_nothing_but_the_note(coordinator):
    submission = make_submission(SubmissionStatus.APPROVED)
    department, history = submission.department_id, submission.history.count()
    data = change_form_data(coordinator.get(change_url(submission)))
    data.update(
        heading_note="(по планам)",
        department=DepartmentFactory().pk,
        year=2023,
        quarter=4,
        status=SubmissionStatus.APPROVED,
    )
    response = coordinator.post(change_url(submission), data)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.heading_note == "(по планам)"
    assert (submission.year, submission.quarter) == (2022, 3)
    assert submission.department_id == department
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.history.count() == history
    assert not Submission.objects.filter(year=2023).exists()


def test_a_returned_report_cannot_be_approved_by_posting_its_status(coordinator):
    submission = make_submission()
    coordinator.post(return_url(submission), {"comment": "Нет сроков"})
    data = change_form_data(coordinator.get(change_url(submission)))
    coordinator.post(change_url(submission), {**data, "status": SubmissionStatus.APPROVED})
    assert status_of(submission) == SubmissionStatus.RETURNED


def test_reports_are_never_added_in_the_admin(coordinator):
    add_url = reverse("admin:reports_submission_add")
    assert coordinator.get(add_url).status_code == 403
    assert add_url not in coordinator.get(CHANGELIST).content.decode()


# --- Bulk actions ------------------------------------------------------------------------------


def test_bulk_approve_first_asks_for_confirmation(coordinator):
    submissions = [make_submission(), make_submission()]
    response = coordinator.post(
        CHANGELIST,
        {"action": "approve_selected", "_selected_action": [s.pk for s in submissions]},
    )
    assert response.status_code == 200
    assert "admin/reports/submission/review_confirmation.html" in [
        t.name for t in response.templates
    ]
    page = response.content.decode()
    assert "Принять отчёты" in page and "Да, принять" in page
    assert all(status_of(s) == SubmissionStatus.SUBMITTED for s in submissions)


def test_bulk_approve_with_a_mix_of_valid_and_invalid_reports(coordinator):
    ready, other_ready = make_submission(), make_submission()
    draft = make_submission(SubmissionStatus.DRAFT)
    approved = make_submission(SubmissionStatus.APPROVED)
    response = coordinator.post(
        CHANGELIST,
        {
            "action": "approve_selected",
            "confirmed": "yes",
            "_selected_action": [s.pk for s in (ready, draft, approved, other_ready)],
        },
        follow=True,
    )
    assert status_of(ready) == status_of(other_ready) == SubmissionStatus.APPROVED
    assert status_of(draft) == SubmissionStatus.DRAFT
    assert approved.history.filter(action=SubmissionAction.APPROVED).count() == 1
    found = page_messages(response)
    assert sum("Принять можно только отчёт" in m for m in found) == 2
    assert any(f"«{draft}»" in m for m in found)
    assert any("Принят (2)" in m for m in found)


def test_bulk_return_confirmation_asks_for_a_comment(coordinator):
    submission = make_submission()
    page = coordinator.post(
        CHANGELIST, {"action": "return_selected", "_selected_action": [submission.pk]}
    ).content.decode()
    assert '<textarea name="comment"' in page and "required" in page
    assert status_of(submission) == SubmissionStatus.SUBMITTED


def test_bulk_return_without_a_comment_stays_on_the_confirmation(coordinator):
    submission = make_submission()
    response = coordinator.post(
        CHANGELIST,
        {
            "action": "return_selected",
            "confirmed": "yes",
            "comment": " ",
            "_selected_action": [submission.pk],
        },
    )
    assert response.status_code == 200
    assert "Укажите, что нужно исправить" in response.content.decode()
    assert status_of(submission) == SubmissionStatus.SUBMITTED


def test_bulk_return_with_a_mix_of_valid_and_invalid_reports(coordinator):
    submitted, approved = make_submission(), make_submission(SubmissionStatus.APPROVED)
    draft = make_submission(SubmissionStatus.DRAFT)
    response = coordinator.post(
        CHANGELIST,
        {
            "action": "return_selected",
            "confirmed": "yes",
            "comment": "Добавьте число участников",
            "_selected_action": [submitted.pk, approved.pk, draft.pk],
        },
        follow=True,
    )
    assert status_of(submitted) == status_of(approved) == SubmissionStatus.RETURNED
    assert approved.review_comment == "Добавьте число участников"
    assert status_of(draft) == SubmissionStatus.DRAFT
    assert any("Вернуть можно только" in m for m in page_messages(response))


# --- Who may do it -----------------------------------------------------------------------------


def test_official_reads_the_report_without_review_buttons(official):
    submission = make_submission()
    response = official.get(change_url(submission))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Принять"' not in page and 'value="Вернуть на доработку"' not in page


def test_official_has_no_review_actions(official):
    make_submission()
    page = official.get(CHANGELIST).content.decode()
    assert "approve_selected" not in page and "return_selected" not in page
    assert "download_quarterly_docx" in page


def test_official_is_refused_on_review_and_change_urls(official):
    submission = make_submission()
    assert official.post(approve_url(submission)).status_code == 403
    assert official.post(return_url(submission), {"comment": "x"}).status_code == 403
    assert official.post(change_url(submission), {"heading_note": "x"}).status_code == 403
    assert status_of(submission) == SubmissionStatus.SUBMITTED


def test_official_cannot_run_the_bulk_action(official):
    submission = make_submission()
    official.post(
        CHANGELIST,
        {"action": "approve_selected", "confirmed": "yes", "_selected_action": [submission.pk]},
    )
    assert status_of(submission) == SubmissionStatus.SUBMITTED


def test_department_staff_never_reach_the_admin(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "login" in response.url


def test_a_staff_account_given_is_staff_by_mistake_sees_only_its_department(client):
    from django.contrib.auth.models import Permission

    own, other = make_submission(), make_submission()
    staff = StaffFactory(department=own.department, is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="view_submission"),
        Permission.objects.get(codename="view_reportedevent"),
    )
    ReportedEventFactory(department=other.department, title="Чужое мероприятие")
    client.force_login(staff)
    page = client.get(CHANGELIST).content.decode()
    assert change_url(own) in page and change_url(other) not in page
    assert client.get(change_url(other)).status_code == 302  # "does not exist" redirect
    events = client.get(reverse("admin:events_reportedevent_changelist")).content.decode()
    assert "Чужое мероприятие" not in events


def test_an_unknown_submission_answers_404(coordinator):
    response = coordinator.post(reverse("admin:reports_submission_approve", args=[999999]))
    assert response.status_code == 404
