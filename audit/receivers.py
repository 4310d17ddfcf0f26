"""Entries written on Django's and the libraries' own signals: logins and spreadsheet transfers."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from import_export.signals import post_export, post_import

from audit.actions import Action
from audit.services import record


def _logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, user=user, request=request)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, user=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs):
    # django-axes counts a failure it checked; one it refused unchecked (already locked out)
    # has no count, and the lockout entry below says it.
    counted = getattr(request, "axes_failures_since_start", None) is not None
    if getattr(request, "axes_locked_out", False) and not counted:
        return
    record(Action.LOGIN_FAILED, request=request, username=credentials.get("username") or "")


def _locked_out(sender, request, username, ip_address, **kwargs):
    record(
        Action.LOCKED_OUT,
        request=request,
        username=username or "",
        details="Слишком много неудачных попыток входа.",
    )


def _spreadsheet(action):
    def receiver(sender, model, **kwargs):
        record(action, details=f"Таблица: {model._meta.verbose_name_plural}")

    return receiver


_exported = _spreadsheet(Action.EXPORTED)
_imported = _spreadsheet(Action.IMPORTED)


def connect():
    user_logged_in.connect(_logged_in, dispatch_uid="audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit_login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit_locked_out")
    post_export.connect(_exported, dispatch_uid="audit_export")
    post_import.connect(_imported, dispatch_uid="audit_import")
