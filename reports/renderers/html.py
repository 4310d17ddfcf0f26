from django.template.loader import render_to_string

from reports.tables import with_rowspans


def render_html(table):
    """The report as an HTML fragment, the same rows and merges as the documents."""
    rows = list(with_rowspans(table.materialize()))
    return render_to_string("reports/_table.html", {"table": table, "rows": rows})
