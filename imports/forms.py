from django import forms
from django.conf import settings

from reports.documents import ReportKind


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label="Документ Word (.docx)")
    kind = forms.ChoiceField(
        label="Вид документа",
        choices=[("", "определить по заголовку"), *ReportKind.choices],
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_SIZE
        if upload.size > limit:
            raise forms.ValidationError(f"Файл больше допустимых {limit / 1024 / 1024:.0f} МБ.")
        return upload


class ConfirmImportForm(forms.Form):
    """The confirmation of a previewed document: one checkbox per name the reference data does
    not know, each created only when ticked. `new_names` are the preview's (name, what it looks
    like, rows); a name not among them is refused."""

    token = forms.CharField(widget=forms.HiddenInput)
    kind = forms.CharField(widget=forms.HiddenInput, required=False)
    create = forms.MultipleChoiceField(
        label="Добавить в справочники",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "«%(value)s» нет среди новых наименований документа: загрузите "
            "документ ещё раз."
        },
    )

    def __init__(self, *args, new_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["create"].choices = [
            (name, f"«{name}» — {looks_like}; {_rows_text(rows)}")
            for name, looks_like, rows in new_names
        ]


def _rows_text(rows):
    shown = ", ".join(str(r) for r in rows[:10])
    if not shown:
        return "в заголовке"
    return f"строк{'а' if len(rows) == 1 else 'и'} {shown}{' …' if len(rows) > 10 else ''}"
