"""The audit log: who did what, from where and when — logins, denials, reviews, imports, exports.

The bottom layer: it imports no app of the project, and any app may write to it:

    import audit
    audit.record(audit.Action.APPROVED, obj=submission, user=by, details=comment)

The user, their department and the address come from the request being served when not given.
"""

from audit.actions import Action


def record(action, **kwargs):
    """Write one entry of the audit log; see audit.services.record."""
    from audit.services import record as _record

    return _record(action, **kwargs)


__all__ = ["Action", "record"]
