"""Writing the audit log."""

from audit.actions import Action
from audit.models import AuditEntry
from audit.request import client_ip, current_request

_LIMITS = {field.name: field.max_length for field in AuditEntry._meta.fields if field.max_length}


def _cut(name, text):
    return (text or "")[: _LIMITS[name]]


def record(action, *, obj=None, user=None, request=None, username="", details=""):
    """One entry: `action` (an Action or its value), the object it concerns, free-text details.

    `user` and `request` default to the request being served (audit.middleware binds it), so a
    service deep below a view logs who asked and from where without passing the request down.
    Written in the caller's transaction: an action rolled back leaves no entry.
    """
    action = Action(action)
    request = request if request is not None else current_request()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    entry = AuditEntry(
        action=action,
        user=user,
        username=_cut("username", user.get_username() if user is not None else username),
        department_id=getattr(user, "department_id", None),
        ip=client_ip(request) if request is not None else None,
        path=_cut("path", request.get_full_path() if request is not None else ""),
        details=details or "",
    )
    if obj is not None:
        entry.object_type = obj._meta.label_lower
        entry.object_id = _cut("object_id", str(obj.pk))
        entry.object_repr = _cut("object_repr", str(obj))
    entry.save()
    if action == Action.DENIED and request is not None:
        request.audit_denial_recorded = True  # the 403 that follows is the same refusal
    return entry
