"""Plan versus fact: outcomes from staff links and coordinators' decisions, and proposals."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events.models import PlannedEventStatus
from insight.matching import Outcome, PlanVsFact, dice, title_stems
from insight.models import MatchDecision, MatchDecisionKind
from insight.services import RESET, match_decide
from tests.factories import PlannedEventFactory, ReportedEventFactory, region

pytestmark = pytest.mark.django_db

YEAR, HALF = 2024, 2


def _plan(department, title, **fields):
    fields.setdefault("starts_on", date(YEAR, 9, 1))
    fields.setdefault("ends_on", date(YEAR, 9, 30))
    return PlannedEventFactory(department=department, year=YEAR, half=HALF, title=title, **fields)


def _report(department, title, **fields):
    fields.setdefault("quarter", 3)
    fields.setdefault("starts_on", date(YEAR, 9, 10))
    fields.setdefault("ends_on", date(YEAR, 9, 11))
    return ReportedEventFactory(department=department, year=YEAR, title=title, **fields)


def _summary(user, **kwargs):
    return PlanVsFact(user=user, year=YEAR, half=HALF, **kwargs)


def _lines(summary):
    return {line.title: line for line in summary.planned_rows()}


def test_outcomes_from_staff_links_and_plan_statuses(coordinator_user, department):
    held = _plan(department, "Фестиваль")
    _report(department, "Фестиваль прошёл", planned_event=held)
    cancelled = _plan(department, "Выставка", status=PlannedEventStatus.CANCELLED)
    _report(department, "Выставка", planned_event=cancelled, held=False, note="Нет зала")
    _plan(department, "Форум", status=PlannedEventStatus.POSTPONED)
    _plan(department, "Семинар")
    summary = _summary(coordinator_user)
    lines = _lines(summary)
    assert lines["Фестиваль"].outcome == Outcome.HELD
    assert [r.title for r in lines["Фестиваль"].reports] == ["Фестиваль прошёл"]
    assert lines["Выставка"].outcome == Outcome.NOT_HELD
    assert lines["Выставка"].reports[0].note == "Нет зала"
    assert lines["Форум"].outcome == Outcome.POSTPONED
    assert lines["Семинар"].outcome == Outcome.NO_INFO
    assert summary.counts() == {"held": 1, "not_held": 1, "postponed": 1, "no_info": 1}


def test_report_rows_never_planned_are_listed_apart(coordinator_user, department):
    planned = _plan(department, "Фестиваль")
    _report(department, "Фестиваль", planned_event=planned)
    _report(department, "Внеплановая встреча")
    _report(department, "Встреча в другом полугодии", quarter=1, starts_on=date(YEAR, 2, 1),
            ends_on=date(YEAR, 2, 2))  # fmt: skip
    summary = _summary(coordinator_user)
    assert [r.title for r in summary.unplanned_rows()] == ["Внеплановая встреча"]
    assert summary.unplanned_count() == 1


def test_a_proposal_needs_the_same_department_meeting_dates_and_shared_words(
    coordinator_user, department, other_department
):
    plan = _plan(department, "Межрегиональный фестиваль народных ремёсел")
    good = _report(department, "Фестиваль народных ремёсел «Узоры»")
    _report(other_department, "Фестиваль народных ремёсел")  # another department
    _report(
        department,
        "Фестиваль народных ремёсел",
        quarter=4,
        starts_on=date(YEAR, 12, 1),
        ends_on=date(YEAR, 12, 2),
    )  # fmt: skip  (dates far off)
    _report(department, "Совещание по охране труда")  # nothing in common
    summary = _summary(coordinator_user)
    lines = summary.propose(list(summary.planned_rows()))
    assert [c.report.pk for c in lines[0].candidates] == [good.pk]
    assert lines[0].pk == plan.pk
    assert "наименования совпадают на" in lines[0].candidates[0].reasons[0]


def test_a_shared_partner_region_lowers_the_bar_for_a_proposal(coordinator_user, department):
    tver = region("Тверская область")
    plan = _plan(department, "Дни культуры Смоленской области в Твери")
    plan.regions.set([tver])
    report = _report(department, "Гастроли театра драмы: дни культуры")
    summary = _summary(coordinator_user)
    assert summary.propose(list(summary.planned_rows()))[0].candidates == []
    report.regions.set([tver])
    candidates = summary.propose(list(summary.planned_rows()))[0].candidates
    assert [c.report.pk for c in candidates] == [report.pk]
    assert "тот же субъект РФ" in candidates[0].reasons


def test_a_confirmed_proposal_counts_as_the_answer_and_a_rejected_one_is_not_proposed_again(
    coordinator_user, department
):
    plan = _plan(department, "Фестиваль народных ремёсел")
    first = _report(department, "Фестиваль народных ремёсел")
    second = _report(department, "Фестиваль народных ремёсел, второй день")
    match_decide(
        by=coordinator_user, planned_event=plan, reported_event=second, decision="rejected"
    )
    summary = _summary(coordinator_user)
    lines = summary.propose(list(summary.planned_rows()))
    assert [c.report.pk for c in lines[0].candidates] == [first.pk]
    match_decide(
        by=coordinator_user, planned_event=plan, reported_event=first, decision="confirmed"
    )
    line = next(summary.planned_rows())
    assert line.outcome == Outcome.HELD
    assert [(r.pk, r.confirmed) for r in line.reports] == [(first.pk, True)]
    assert [r.title for r in summary.unplanned_rows()] == [second.title]
    match_decide(by=coordinator_user, planned_event=plan, reported_event=first, decision=RESET)
    assert next(summary.planned_rows()).outcome == Outcome.NO_INFO


def test_officials_see_outcomes_from_approved_reports_only(
    official_user, coordinator_user, department, approve
):
    plan = _plan(department, "Фестиваль", status=PlannedEventStatus.HELD)
    _report(department, "Фестиваль", planned_event=plan)
    assert next(_summary(official_user).planned_rows()).outcome == Outcome.NO_INFO
    assert next(_summary(coordinator_user).planned_rows()).outcome == Outcome.HELD
    approve(department, YEAR, 3)
    assert next(_summary(official_user).planned_rows()).outcome == Outcome.HELD


def test_staff_see_their_own_department_only(staff_user, department, other_department):
    _plan(department, "Своё")
    _plan(other_department, "Чужое")
    _report(other_department, "Чужой отчёт")
    summary = _summary(staff_user)
    assert [line.title for line in summary.planned_rows()] == ["Своё"]
    assert list(summary.unplanned_rows()) == []


def test_only_coordinators_decide(staff_user, official_user, department):
    plan, report = _plan(department, "Фестиваль"), _report(department, "Фестиваль")
    for user in (staff_user, official_user):
        with pytest.raises(PermissionDenied):
            match_decide(by=user, planned_event=plan, reported_event=report, decision="confirmed")
    assert not MatchDecision.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"linked": True}, "Департамент уже указал"),
        ({"other_department": True}, "разных департаментов"),
        ({"quarter": 1}, "не входит в отчёты за II полугодие 2024 года"),
    ],
)
def test_a_decision_on_a_pair_that_cannot_match_is_refused(
    coordinator_user, department, other_department, change, message
):
    plan = _plan(department, "Фестиваль")
    report = _report(
        other_department if change.get("other_department") else department,
        "Фестиваль",
        quarter=change.get("quarter", 3),
        planned_event=_plan(department, "Другое") if change.get("linked") else None,
        starts_on=date(YEAR, 2 if change.get("quarter") else 9, 10),
        ends_on=date(YEAR, 2 if change.get("quarter") else 9, 11),
    )
    with pytest.raises(ValidationError) as error:
        match_decide(
            by=coordinator_user, planned_event=plan, reported_event=report, decision="confirmed"
        )
    assert message in " ".join(error.value.messages)
    assert not MatchDecision.objects.exists()


def test_a_report_row_is_confirmed_for_one_plan_row_only(coordinator_user, department):
    first, second = _plan(department, "Фестиваль"), _plan(department, "Фестиваль-2")
    report = _report(department, "Фестиваль")
    match_decide(by=coordinator_user, planned_event=first, reported_event=report,
                 decision=MatchDecisionKind.CONFIRMED)  # fmt: skip
    with pytest.raises(ValidationError, match="уже сопоставлено"):
        match_decide(by=coordinator_user, planned_event=second, reported_event=report,
                     decision=MatchDecisionKind.CONFIRMED)  # fmt: skip


def test_title_similarity_counts_shared_word_stems():
    assert dice(title_stems("Фестиваль ремёсел"), title_stems("фестиваля ремёсел")) == 1
    assert dice(title_stems("Фестиваль"), title_stems("Совещание")) == 0
    assert dice(set(), {"a"}) == 0
