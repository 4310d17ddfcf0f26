"""Reviewing quarterly reports in the admin: one at a time from the change page, or in bulk."""

import pytest
from django.urls import reverse

from cooperation import roles
from events.models import PlannedEventStatus
from reports.models import Submission, SubmissionAction, SubmissionStatus
from reports.services import (
    submission_approve,
    submission_get_or_create,
    submission_reopen,
    submission_return,
    submission_submit,
)
from tests.factories import (
    AgreementFactory,
    DepartmentFactory,
    PlannedEventFactory,
    ReportedEventFactory,
    StaffFactory,
    UserFactory,
)

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


# --- The review page: no form, no Save, no Delete ---------------------------------------------


def test_the_review_page_has_no_save_and_no_delete(coordinator):
    submission = make_submission()
    response = coordinator.get(change_url(submission))
    assert response.status_code == 200
    page = response.content.decode()
    assert "admin/reports/submission/review.html" in [t.name for t in response.templates]
    assert 'name="_save"' not in page and 'name="_continue"' not in page
    assert "deletelink" not in page
    assert reverse("admin:reports_submission_delete", args=[submission.pk]) not in page
    assert 'name="heading_note"' not in page


def test_posting_to_the_review_page_changes_nothing(coordinator):
    submission = make_submission(SubmissionStatus.APPROVED)
    response = coordinator.post(
        change_url(submission),
        {
            "heading_note": "(по планам)",
            "department": DepartmentFactory().pk,
            "year": 2023,
            "status": SubmissionStatus.RETURNED,
        },
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert (submission.year, submission.status, submission.heading_note) == (
        2022,
        SubmissionStatus.APPROVED,
        "",
    )


def test_the_review_page_shows_the_quarter_beside_its_plan_and_the_history(
    coordinator, coordinator_user
):
    submission = make_submission(SubmissionStatus.DRAFT)
    department = submission.department
    held = PlannedEventFactory(department=department, title="План: выставка")
    cancelled = PlannedEventFactory(
        department=department, title="План: форум", status=PlannedEventStatus.CANCELLED
    )
    moved = PlannedEventFactory(
        department=department, title="План: ярмарка", status=PlannedEventStatus.POSTPONED
    )
    agreement = AgreementFactory(title="Соглашение с Тверской областью о сотрудничестве")
    shown = ReportedEventFactory(
        department=department,
        year=2022,
        quarter=3,
        planned_event=held,
        title="Выставка",
        participants="Представители 5 регионов",
        participants_count=120,
    )
    shown.agreement_links.create(agreement=agreement, position=0)
    for plan, note in ((cancelled, "Нет средств"), (moved, "Перенесено на октябрь")):
        ReportedEventFactory(
            department=department,
            year=2022,
            quarter=3,
            planned_event=plan,
            title=plan.title,
            held=False,
            note=note,
        )
    ReportedEventFactory(department=department, year=2022, quarter=3, title="Внеплановый семинар")
    staff = StaffFactory(department=department)
    submission = submission_submit(submission=submission, by=staff)
    submission_approve(submission=submission, by=coordinator_user)
    submission_reopen(submission=submission, by=coordinator_user, comment="Уточните даты форума")
    response = coordinator.get(change_url(submission))
    review = response.context["quarter"]
    assert [(row.plan.title, row.label, row.reason) for row in review.plan] == [
        ("План: выставка", "проведено", ""),
        ("План: форум", "не проведено", "Нет средств"),
        ("План: ярмарка", "перенесено", "Перенесено на октябрь"),
    ]
    assert [event.title for event in review.outside_plan] == ["Внеплановый семинар"]
    page = response.content.decode()
    assert "Соглашение с Тверской областью о сотрудничестве" in page
    assert "Всего: 120 чел." in page
    assert "(вне плана)" in page
    assert "открыт для изменений" in page and "Уточните даты форума" in page
    assert [entry.action for entry in review.history] == [
        SubmissionAction.CREATED,
        SubmissionAction.SUBMITTED,
        SubmissionAction.APPROVED,
        SubmissionAction.REOPENED,
    ]


def test_the_review_page_warns_of_plan_rows_the_report_says_nothing_about(coordinator):
    submission = make_submission()
    PlannedEventFactory(department=submission.department, title="План: забытый")
    response = coordinator.get(change_url(submission))
    assert [row.label for row in response.context["quarter"].plan] == ["не отмечено"]
    assert "о которых отчёт ничего не говорит: 1" in response.content.decode()


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
    other_submitted = make_submission()
    draft = make_submission(SubmissionStatus.DRAFT)
    response = coordinator.post(
        CHANGELIST,
        {
            "action": "return_selected",
            "confirmed": "yes",
            "comment": "Добавьте число участников",
            "_selected_action": [submitted.pk, approved.pk, draft.pk, other_submitted.pk],
        },
        follow=True,
    )
    assert status_of(submitted) == status_of(other_submitted) == SubmissionStatus.RETURNED
    assert submitted.review_comment == "Добавьте число участников"
    assert status_of(draft) == SubmissionStatus.DRAFT
    # An approved report changes only by being reopened.
    assert status_of(approved) == SubmissionStatus.APPROVED
    found = page_messages(response)
    assert sum("Вернуть на доработку можно только отчёт" in m for m in found) == 2
    assert any(f"«{approved}»" in m and "открывают для изменений" in m for m in found)


# --- Who may do it -----------------------------------------------------------------------------


def test_official_reads_an_approved_report_without_review_buttons(official):
    submission = make_submission(SubmissionStatus.APPROVED)
    ReportedEventFactory(department=submission.department, year=2022, quarter=3, title="Ярмарка")
    response = official.get(change_url(submission))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ярмарка" in page
    assert 'value="Принять"' not in page and 'value="Вернуть на доработку"' not in page
    assert "Открыть для изменений" not in page


@pytest.mark.parametrize(
    "status", [SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED]
)
def test_an_official_reads_no_report_before_it_is_approved(official, status):
    submission = make_submission(
        SubmissionStatus.SUBMITTED if status != SubmissionStatus.DRAFT else status
    )
    if status == SubmissionStatus.RETURNED:
        submission_return(
            submission=submission, by=UserFactory(role=roles.COORDINATOR), comment="Нет сроков"
        )
    event = ReportedEventFactory(
        department=submission.department, year=2022, quarter=3, title="Черновая строка"
    )
    approved = make_submission(SubmissionStatus.APPROVED)
    listing = official.get(CHANGELIST).content.decode()
    assert change_url(submission) not in listing and change_url(approved) in listing
    response = official.get(change_url(submission))
    assert response.status_code == 302  # the admin's «does not exist»
    assert "Черновая строка" not in official.get(response.url, follow=True).content.decode()
    event_url = reverse("admin:events_reportedevent_change", args=[event.pk])
    assert official.get(event_url).status_code == 302
    events = official.get(reverse("admin:events_reportedevent_changelist")).content.decode()
    assert "Черновая строка" not in events
    history = official.get(reverse("admin:reports_submissionhistory_changelist")).content.decode()
    assert str(submission) not in history


def test_official_has_no_review_actions(official):
    make_submission(SubmissionStatus.APPROVED)
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


# --- Deleting a report erases nothing ---------------------------------------------------------


@pytest.mark.parametrize("superuser", [False, True])
def test_a_report_is_never_deleted_in_the_admin(client, coordinator_user, superuser):
    user = UserFactory(is_superuser=True, is_staff=True) if superuser else coordinator_user
    client.force_login(user)
    submission = make_submission(SubmissionStatus.APPROVED)
    delete = reverse("admin:reports_submission_delete", args=[submission.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert "delete_selected" not in client.get(CHANGELIST).content.decode()
    client.post(
        CHANGELIST,
        {"action": "delete_selected", "post": "yes", "_selected_action": [submission.pk]},
    )
    assert Submission.objects.filter(pk=submission.pk).exists()
    assert submission.history.count() == 3


# --- Reopening an approved report ---------------------------------------------------------------


def reopen_url(submission):
    return reverse("admin:reports_submission_reopen", args=[submission.pk])


def test_an_approved_report_offers_reopening_instead_of_return(coordinator):
    approved = make_submission(SubmissionStatus.APPROVED)
    page = coordinator.get(change_url(approved)).content.decode()
    assert reopen_url(approved) in page
    assert 'value="Принять"' not in page and 'value="Вернуть на доработку"' not in page
    submitted = make_submission()
    assert reopen_url(submitted) not in coordinator.get(change_url(submitted)).content.decode()


def test_reopening_asks_for_a_reason_on_a_confirmation_page(coordinator, coordinator_user):
    approved = make_submission(SubmissionStatus.APPROVED)
    page = coordinator.get(reopen_url(approved))
    assert page.status_code == 200
    assert '<textarea name="comment"' in page.content.decode()
    assert status_of(approved) == SubmissionStatus.APPROVED
    refused = coordinator.post(reopen_url(approved), {"comment": " ", "status": "approved"})
    assert refused.status_code == 200
    assert "Укажите, зачем отчёт открывается" in refused.content.decode()
    assert status_of(approved) == SubmissionStatus.APPROVED
    done = coordinator.post(
        reopen_url(approved),
        {"comment": "Уточните число участников", "status": "approved"},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == change_url(approved)
    assert any("Открыт для изменений (1)" in m for m in page_messages(done))
    assert status_of(approved) == SubmissionStatus.RETURNED
    entry = approved.history.last()
    assert (entry.action, entry.by, entry.comment) == (
        SubmissionAction.REOPENED,
        coordinator_user,
        "Уточните число участников",
    )


def test_reopening_a_report_that_is_not_approved_is_refused(coordinator):
    submitted = make_submission()
    response = coordinator.post(
        reopen_url(submitted), {"comment": "Нужно", "status": "submitted"}, follow=True
    )
    assert any("только принятый отчёт" in m for m in page_messages(response))
    assert status_of(submitted) == SubmissionStatus.SUBMITTED


def test_bulk_reopen_needs_a_reason_and_reopens_approved_reports_only(coordinator):
    approved, submitted = make_submission(SubmissionStatus.APPROVED), make_submission()
    ask = coordinator.post(
        CHANGELIST, {"action": "reopen_selected", "_selected_action": [approved.pk]}
    )
    assert "Открыть принятые отчёты для изменений" in ask.content.decode()
    response = coordinator.post(
        CHANGELIST,
        {
            "action": "reopen_selected",
            "confirmed": "yes",
            "comment": "Исправить даты",
            "_selected_action": [approved.pk, submitted.pk],
        },
        follow=True,
    )
    assert status_of(approved) == SubmissionStatus.RETURNED
    assert status_of(submitted) == SubmissionStatus.SUBMITTED
    assert any("только принятый отчёт" in m for m in page_messages(response))


def test_officials_cannot_reopen(official):
    approved = make_submission(SubmissionStatus.APPROVED)
    assert official.get(reopen_url(approved)).status_code == 403
    assert official.post(reopen_url(approved), {"comment": "x"}).status_code == 403
    assert status_of(approved) == SubmissionStatus.APPROVED


# --- Two coordinators on one report -------------------------------------------------------------


def test_the_second_of_two_coordinators_deciding_at_once_is_told_the_status_changed(
    client, coordinator, coordinator_user
):
    from django.test import Client

    submission = make_submission()
    other = Client()
    other.force_login(UserFactory(role=roles.COORDINATOR, is_staff=True))
    # Both opened the review page while the report was on review.
    for reviewer in (coordinator, other):
        assert (
            'name="status" value="submitted"'
            in reviewer.get(change_url(submission)).content.decode()
        )
    coordinator.post(approve_url(submission), {"status": "submitted"})
    response = other.post(
        return_url(submission), {"comment": "Нет сроков", "status": "submitted"}, follow=True
    )
    assert any("Статус отчёта изменился" in m for m in page_messages(response))
    assert status_of(submission) == SubmissionStatus.APPROVED
    assert submission.reviewed_by == coordinator_user
    assert not submission.history.filter(action=SubmissionAction.RETURNED).exists()


def test_a_return_that_reaches_nobody_is_said_on_the_page(coordinator):
    submission = make_submission()  # its department's staff have no e-mail address
    response = coordinator.post(return_url(submission), {"comment": "Нет сроков"}, follow=True)
    assert status_of(submission) == SubmissionStatus.RETURNED
    assert any("нет адресов электронной почты" in m for m in page_messages(response))
    reachable = make_submission(quarter=2)
    StaffFactory(department=reachable.department, email="staff@example.org")
    response = coordinator.post(return_url(reachable), {"comment": "Нет сроков"}, follow=True)
    assert not any("нет адресов" in m for m in page_messages(response))
