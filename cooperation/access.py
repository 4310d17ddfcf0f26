"""Who may see what: the one place that answers it for views, querysets and the admin."""

from django.http import Http404

import audit
from cooperation import roles


def role_names(user):
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def sees_all_departments(user):
    """Coordinators and officials read every department's records; staff only their own."""
    return user.is_authenticated and (
        user.is_superuser or bool(role_names(user) & {roles.COORDINATOR, roles.OFFICIAL})
    )


def is_department_staff(user):
    """Only staff attached to a department write plans and reports; others read them."""
    return (
        user.is_authenticated and user.department_id is not None and roles.STAFF in role_names(user)
    )


def can_review_submissions(user):
    """Coordinators review the departments' reports; they alone see drafts of consolidated
    documents, which show rows not yet approved."""
    return user.has_perm("reports.change_submission")


def reads_approved_only(user):
    """Officials (and anyone else who neither reviews reports nor writes them) read a quarter's
    report rows only once the coordinator has approved them: every page and the admin agree."""
    return not can_review_submissions(user) and not is_department_staff(user)


def can_import(user):
    """Loading a legacy Word document writes plan and report rows of any department."""
    return user.has_perms(["events.add_reportedevent", "events.add_plannedevent"])


def restrict_to_user(queryset, user, field="department"):
    if sees_all_departments(user):
        return queryset
    if not user.is_authenticated or user.department_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": user.department_id})


def get_visible_or_404(queryset, user, field="department", **lookup):
    """Another department's record answers 404, as if it did not exist."""
    try:
        return restrict_to_user(queryset, user, field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        denied = queryset.filter(**lookup).first()
        if denied is not None:  # it exists: someone asked for a record that is not theirs
            audit.record(audit.Action.DENIED, obj=denied, details="Запись другого департамента")
        raise Http404("Запись не найдена или недоступна.") from exc
