"""One renderer per format; each draws any ReportTable."""

from reports.renderers.docx import render_docx
from reports.renderers.html import render_html
from reports.renderers.xlsx import render_xlsx

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

RENDERERS = {"docx": render_docx, "xlsx": render_xlsx}

__all__ = ["CONTENT_TYPES", "RENDERERS", "render_docx", "render_html", "render_xlsx"]
