"""django-reversion history: who changed what and when, comparison, recovery of deleted rows."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from reversion.models import Version

from agreements.models import Agreement, Roadmap, RoadmapItem
from cooperation import roles
from reports.models import SubmissionAction, SubmissionHistory, SubmissionStatus
from reports.services import submission_approve, submission_get_or_create, submission_submit
from tests.factories import (
    AgreementFactory,
    ReportedEventFactory,
    StaffFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_user():
    return UserFactory(role=roles.COORDINATOR, is_staff=True)


@pytest.fixture
def coordinator(client, coordinator_user):
    client.force_login(coordinator_user)
    return client


def agreement_form(agreement, **changes):
    data = {
        "slug": agreement.slug,
        "title": agreement.title,
        "short_title": agreement.short_title,
        "regions": [r.pk for r in agreement.regions.all()],
        "signed_on": "",
        "number": agreement.number,
        "valid_until": "",
        "status": agreement.status,
        "spheres": "[]",
    }
    return {**data, **changes}


def test_an_admin_change_is_kept_with_its_author(coordinator, coordinator_user):
    agreement = AgreementFactory()
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    response = coordinator.post(url, agreement_form(agreement, number="12-С"))
    assert response.status_code == 302
    [version] = Version.objects.get_for_object(agreement)
    assert version.revision.user == coordinator_user
    assert version.field_dict["number"] == "12-С"
    assert version.field_dict["regions"] == [region("Тверская область").pk]


def test_history_page_offers_versions_to_compare_and_revert(coordinator):
    agreement = AgreementFactory()
    change = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    coordinator.post(change, agreement_form(agreement, number="1"))
    coordinator.post(change, agreement_form(agreement, number="2"))
    response = coordinator.get(reverse("admin:agreements_agreement_history", args=[agreement.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('name="version_id1"') == 2 and 'value="Сравнить"' in page
    [newest, _] = Version.objects.get_for_object(agreement)
    assert reverse("admin:agreements_agreement_revision", args=[agreement.pk, newest.pk]) in page


def test_compare_page_shows_two_versions_side_by_side(coordinator):
    agreement = AgreementFactory()
    change = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    coordinator.post(change, agreement_form(agreement, number="1-С"))
    coordinator.post(change, agreement_form(agreement, number="2-С"))
    first, second = Version.objects.get_for_object(agreement).order_by("pk")
    response = coordinator.get(
        reverse("admin:agreements_agreement_compare", args=[agreement.pk]),
        {"version_id1": second.pk, "version_id2": first.pk},
    )
    assert response.status_code == 200
    assert "admin/history/compare.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Сравнение версий" in page and "Изменено: 1." in page
    assert page.index("1-С") < page.index("2-С")  # older on the left whatever the order asked
    assert "Тверская область" in page  # many-to-many shown by name


def test_compare_without_two_versions_goes_back_to_the_history(coordinator):
    agreement = AgreementFactory()
    url = reverse("admin:agreements_agreement_compare", args=[agreement.pk])
    response = coordinator.get(url, {"version_id1": "x"}, follow=True)
    assert "Выберите две разные версии" in response.content.decode()


def test_a_deleted_agreement_is_recovered(coordinator):
    agreement = AgreementFactory(short_title="Соглашение для восстановления")
    change = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    form = agreement_form(agreement, number="7")
    coordinator.post(change, form)
    pk = agreement.pk
    delete = reverse("admin:agreements_agreement_delete", args=[pk])
    assert coordinator.post(delete, {"post": "yes"}).status_code == 302
    assert not Agreement.objects.filter(pk=pk).exists()

    recover_list = coordinator.get(reverse("admin:agreements_agreement_recoverlist"))
    assert "Соглашение для восстановления" in recover_list.content.decode()
    [version] = Version.objects.get_deleted(Agreement)
    recover = reverse("admin:agreements_agreement_recover", args=[version.pk])
    assert coordinator.get(recover).status_code == 200
    response = coordinator.post(recover, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    restored = Agreement.objects.get(pk=pk)
    assert restored.number == "7"
    assert list(restored.regions.all()) == [region("Тверская область")]


def test_reported_event_revision_keeps_its_agreements(coordinator):
    from events.models import ReportedEventAgreement

    event = ReportedEventFactory()
    ReportedEventAgreement.objects.create(event=event, agreement=AgreementFactory())
    url = reverse("admin:events_reportedevent_change", args=[event.pk])
    page = coordinator.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        {
            "title": "Новое название",
            "starts_on": "05.09.2020",
            "ends_on": "06.09.2020",
            "regions": [],
            "roadmap_items": [],
            "agreement_links-TOTAL_FORMS": "1",
            "agreement_links-INITIAL_FORMS": "1",
            "agreement_links-0-id": event.agreement_links.get().pk,
            "agreement_links-0-event": event.pk,
            "agreement_links-0-agreement": event.agreement_links.get().agreement_id,
            "agreement_links-0-position": "0",
        }
    )
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = coordinator.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    [version] = Version.objects.get_for_object(event)
    models = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"reportedevent", "reportedeventagreement"} <= models

    data["title"] = "Ещё одно название"
    data["agreement_links-0-DELETE"] = "on"
    coordinator.post(url, data)
    newer, older = Version.objects.get_for_object(event)
    page = coordinator.get(
        reverse("admin:events_reportedevent_compare", args=[event.pk]),
        {"version_id1": older.pk, "version_id2": newer.pk},
    ).content.decode()
    assert "Соглашения, в рамках которых проведена работа" in page
    assert "Изменено: 2." in page


def test_roadmap_item_revision_follows_its_responsible_departments(demo):
    import reversion

    item = RoadmapItem.objects.filter(responsibilities__isnull=False).first()
    with reversion.create_revision():
        item.save()
    [version] = Version.objects.get_for_object(item)
    models = {v.content_type.model for v in version.revision.version_set.all()}
    assert "roadmapresponsibility" in models
    assert reversion.is_registered(Roadmap)


def test_workflow_transitions_are_kept_with_who_and_why():
    staff = StaffFactory()
    coordinator = UserFactory(role=roles.COORDINATOR)
    submission = submission_get_or_create(department=staff.department, year=2024, quarter=1)
    submission_submit(submission=submission, by=staff)
    submission_approve(submission=submission, by=coordinator)
    versions = Version.objects.get_for_object(submission).order_by("pk")
    assert [v.field_dict["status"] for v in versions] == [
        SubmissionStatus.DRAFT,
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.APPROVED,
    ]
    assert versions.last().revision.user == coordinator
    assert versions.last().revision.comment == "Принят"
    assert versions[1].revision.user == staff


def test_a_bulk_review_is_one_revision_named_after_the_action(coordinator, coordinator_user):
    submissions = []
    for _ in range(2):
        staff = StaffFactory()
        submission = submission_get_or_create(department=staff.department, year=2024, quarter=1)
        submissions.append(submission_submit(submission=submission, by=staff))
    coordinator.post(
        reverse("admin:reports_submission_changelist"),
        {
            "action": "approve_selected",
            "confirmed": "yes",
            "_selected_action": [s.pk for s in submissions],
        },
    )
    first, second = (Version.objects.get_for_object(s).latest("pk") for s in submissions)
    assert first.revision_id == second.revision_id
    assert first.revision.user == coordinator_user
    assert first.revision.comment.startswith("Принят (2)")


def test_a_report_version_is_compared_but_not_reverted(coordinator):
    staff = StaffFactory()
    submission = submission_get_or_create(department=staff.department, year=2024, quarter=1)
    submission_submit(submission=submission, by=staff)
    first, second = Version.objects.get_for_object(submission).order_by("pk")
    compare = coordinator.get(
        reverse("admin:reports_submission_compare", args=[submission.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    assert compare.status_code == 200
    revert = reverse("admin:reports_submission_revision", args=[submission.pk, first.pk])
    assert revert not in compare.content.decode()
    history = coordinator.get(reverse("admin:reports_submission_history", args=[submission.pk]))
    assert revert not in history.content.decode()
    response = coordinator.post(revert, {}, follow=True)
    assert "нельзя восстановить" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_compare_is_closed_to_users_without_view_permission(client):
    agreement = AgreementFactory()
    client.force_login(UserFactory(is_staff=True))
    url = reverse("admin:agreements_agreement_compare", args=[agreement.pk])
    assert client.get(url).status_code == 403


def test_a_history_rows_name_gives_the_local_time_the_admin_shows_beside_it():
    # 21:30 UTC is 00:30 the next day in Moscow: the row's heading and its «когда» must agree.
    entry = SubmissionHistory(
        action=SubmissionAction.SUBMITTED, at=datetime(2024, 10, 4, 21, 30, tzinfo=UTC)
    )
    assert str(entry) == "отправлен на проверку — 05.10.2024 00:30"
