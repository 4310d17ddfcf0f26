from django.db import models


class Action(models.TextChoices):
    """What the log records. The review actions share their values with
    reports.models.SubmissionAction, so a workflow action can be logged as it is."""

    LOGIN = "login", "вход"
    LOGIN_FAILED = "login_failed", "неудачный вход"
    LOCKED_OUT = "locked_out", "вход заблокирован"
    LOGOUT = "logout", "выход"
    DENIED = "denied", "отказ в доступе"
    APPROVED = "approved", "отчёт принят"
    RETURNED = "returned", "отчёт возвращён на доработку"
    REOPENED = "reopened", "отчёт открыт для исправления"
    IMPORTED = "imported", "загрузка данных"
    UNDONE = "undone", "отмена загрузки"
    EXPORTED = "exported", "выгрузка"
