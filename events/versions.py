"""Concurrent edits of plan and report rows: every write raises the row's `version` by one, and a
write based on an older version is refused with what has changed since, so that nothing somebody
else saved is overwritten unseen.

The workspace services claim the version with one UPDATE … WHERE version = expected (which also
holds the row until the transaction ends); the admin's change forms compare it under a row lock.
What changed is read from the row's django-reversion history, which every write keeps.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst
from reversion.models import Version

STALE_VERSION = "stale_version"
# How far back the history is searched for the version the editor started from.
_HISTORY_DEPTH = 30
_SHOWN_LENGTH = 150


def claim_version(model, pk, expected, entered=None):
    """Raise the row's version from `expected`, or refuse with what changed since `expected`.

    `entered` (field name → the value the editor is saving) names the current values that
    differ from the editor's when the history does not reach back to `expected`.
    """
    claimed = model._base_manager.filter(pk=pk, version=expected).update(version=F("version") + 1)
    if not claimed:
        raise stale_version_error(model._base_manager.filter(pk=pk).first(), expected, entered)


def check_version(current, expected, entered=None):
    """The same refusal for a caller that holds the row locked and writes the version itself."""
    if current is None or current.version != expected:
        raise stale_version_error(current, expected, entered)


def stale_version_error(current, expected, entered=None):
    if current is None:
        return ValidationError(
            "Запись уже удалена другим пользователем: сохранять нечего.", code=STALE_VERSION
        )
    versions = list(
        Version.objects.get_for_object(current)
        .select_related("revision__user")
        .order_by("-pk")[:_HISTORY_DEPTH]
    )
    latest = versions[0] if versions else None
    base = next((v for v in versions if v.field_dict.get("version") == expected), None)
    when = timezone.localtime(current.updated_at).strftime("%d.%m.%Y %H:%M")
    lead = f"Запись изменили{_who(latest)} {when}, пока вы её редактировали"
    if base is None:
        differs = _differences(current, entered or {})
        changes = (
            "сейчас в записи: " + "; ".join(differs)
            if differs
            else "что именно изменилось, история не сохранила"
        )
    else:
        changed = _changes(current, base.field_dict)
        changes = (
            "изменилось: " + "; ".join(changed)
            if changed
            else "изменились соглашения или другие связанные сведения"
        )
    return ValidationError(
        f"{lead}; {changes}. Ваши изменения не сохранены. Проверьте значения: чтобы записать "
        "свои поверх, сохраните форму ещё раз.",
        code=STALE_VERSION,
    )


def _who(version):
    user = version.revision.user if version is not None else None
    if user is None:
        return ""
    return f" ({user.get_full_name() or user.get_username()})"


def _changes(current, before):
    """«Поле: «было» → «стало»» for every editable field that differs from `before`."""
    model = type(current)
    rows = []
    for field in model._meta.get_fields():
        if not getattr(field, "editable", False) or field.primary_key or field.auto_created:
            continue
        if not (field.concrete or field.many_to_many):
            continue
        if field.many_to_many:
            if field.remote_field.through._meta.auto_created is False:
                continue  # rows of their own (agreements in order): not in the row's history
            now = [str(pk) for pk in getattr(current, field.name).values_list("pk", flat=True)]
            now.sort()
            old = sorted(str(pk) for pk in before.get(field.name) or [])
            if now != old:
                rows.append(_row(field, _names(field, old), _names(field, now)))
            continue
        old, now = before.get(field.attname), getattr(current, field.attname)
        if old != now:
            rows.append(_row(field, _value(field, old), _value(field, now)))
    return rows


def _differences(current, entered):
    """«Поле: «сейчас»» for each entered value the row now holds otherwise."""
    rows = []
    for name, value in entered.items():
        try:
            field = type(current)._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_many:
            if field.remote_field.through._meta.auto_created is False:
                continue
            now = {str(pk) for pk in getattr(current, name).values_list("pk", flat=True)}
            if now != {str(getattr(v, "pk", v)) for v in value or []}:
                rows.append(f"{capfirst(field.verbose_name)}: «{_names(field, now)}»")
        elif field.concrete and not field.primary_key:
            now = getattr(current, field.attname)
            mine = getattr(value, "pk", value)
            if (now or None) != (mine or None):
                rows.append(f"{capfirst(field.verbose_name)}: «{_value(field, now)}»")
    return rows


def _row(field, old, new):
    return f"{capfirst(field.verbose_name)}: «{old}» → «{new}»"


def _short(text):
    text = str(text)
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


def _names(field, pks):
    objects = field.related_model._base_manager.filter(pk__in=pks)
    return _short(", ".join(str(obj) for obj in objects)) or "—"


def _value(field, value):
    if value in (None, ""):
        return "—"
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return _short(related) if related is not None else f"№ {value}"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return _short(value)
