"""The admin's preview page: the drafts of a document shown as the rows they will become."""

from imports.layouts import COLUMNS
from reports.documents import ReportKind


def preview_rows(preview):
    """Every row as it will be stored, with its problems: (heading, row number, [(caption,
    value)], problems) for each row of the preview page."""
    by_row = {}
    for problem in preview.problems:
        by_row.setdefault(problem.row, []).append(problem)
    captions = [c.caption for c in COLUMNS[preview.layout.kind]]
    out = []

    def row(heading, number, values):
        return heading, number, list(zip(captions, values, strict=True)), by_row.get(number, [])

    if preview.layout.kind == ReportKind.ROADMAP:
        for item in preview.items:
            values = [
                item.number,
                item.title,
                item.timeline,
                "\n".join(getattr(d, "name", str(d)) for d in item.responsible),
                "\n\n".join(item.progress),
            ]
            out.append(row(f"{item.section_number}. {item.section_title}", item.row, values))
        return out
    for event in preview.events:
        f = event.fields
        if preview.layout.kind == ReportKind.PLAN:
            values = [
                str(event.position),
                f["regions_text"],
                f["title"],
                f["timing_text"],
                f["venue"],
                f["content"],
                f["participants"],
            ]
        else:
            values = [
                str(event.position),
                "\n\n".join(a.title for a in event.agreements),
                f["title"],
                f["timing_text"],
                f["venue"],
                f["participants"],
                f["content"],
                f["note"],
            ]
        out.append(row(getattr(event.department, "name", "—"), event.row, values))
    return out
