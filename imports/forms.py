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
    token = forms.CharField(widget=forms.HiddenInput)
    kind = forms.CharField(widget=forms.HiddenInput, required=False)
    create_missing = forms.BooleanField(
        label="Добавить в справочники отсутствующие департаменты и соглашения", required=False
    )
