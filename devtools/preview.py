"""`make docs-preview`: every demo document in DOCX and XLSX, as LibreOffice prints it.

LibreOffice is the reference renderer for the documents' print layout: each file is converted to
PDF by `soffice --headless` and each PDF page to a PNG by poppler's `pdftoppm`, for a person to
look at. The tests use the same conversion to check what a reader would see.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from agreements.models import Roadmap
from reports.builders import build_report
from reports.documents import ReportKind
from reports.renderers import RENDERERS

FORMATS = ("docx", "xlsx")
CONVERT_SECONDS = 300


def demo_reports():
    """(file stem, report table) for each document the demo data fills."""
    roadmap = Roadmap.objects.select_related("region").order_by("pk").first()
    requests = [
        ("plan_2022_II", ReportKind.PLAN, {"year": 2022, "half": 2}),
        ("quarterly_2020_III", ReportKind.QUARTERLY, {"year": 2020, "quarter": 3}),
        ("half_year_2020_II", ReportKind.HALF_YEAR, {"year": 2020, "half": 2}),
        ("annual_2020", ReportKind.ANNUAL, {"year": 2020}),
    ]
    if roadmap is not None:
        requests.append(("roadmap_2022", ReportKind.ROADMAP, {"year": 2022, "roadmap": roadmap}))
    for stem, kind, arguments in requests:
        yield stem, build_report(kind, **arguments)


def missing_tools():
    """The programs the conversion needs that are not installed."""
    return [name for name in ("soffice", "pdftoppm") if shutil.which(name) is None]


def to_pdf(sources, outdir):
    """Convert documents to PDF with LibreOffice; returns the PDF paths in the same order.

    A private LibreOffice profile per call keeps parallel runs (and a desktop LibreOffice the
    user has open) from blocking each other.
    """
    outdir = Path(outdir)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        result = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, sources),
            ],
            capture_output=True,
            text=True,
            timeout=CONVERT_SECONDS,
        )
    pdfs = [outdir / f"{Path(source).stem}.pdf" for source in sources]
    missing = [pdf.name for pdf in pdfs if not pdf.exists()]
    if result.returncode != 0 or missing:
        failed = ", ".join(missing) or f"код {result.returncode}"
        raise RuntimeError(f"LibreOffice не преобразовал в PDF: {failed}\n{result.stderr.strip()}")
    return pdfs


def to_png(pdf, outdir, *, dpi=80):
    """One PNG per page of `pdf`: <stem>-<page>.png; returns their paths."""
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(Path(outdir) / pdf.stem)],
        check=True,
        capture_output=True,
        timeout=CONVERT_SECONDS,
    )
    return sorted(Path(outdir).glob(f"{pdf.stem}-*.png"))


def render_preview(outdir):
    """Write every demo document, its PDF and its page images into `outdir`; returns
    {file name: number of pages}."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    for old in outdir.glob("*"):
        if old.suffix in {".docx", ".xlsx", ".pdf", ".png"}:
            old.unlink()
    sources = []
    for stem, table in demo_reports():
        table.materialize()  # drawn twice, once per format
        for fmt in FORMATS:
            # The format is in the stem too: LibreOffice names the PDF after the stem only.
            path = outdir / f"{stem}_{fmt}.{fmt}"
            with path.open("wb") as stream:
                RENDERERS[fmt](table, stream)
            sources.append(path)
    pages = {}
    for source, pdf in zip(sources, to_pdf(sources, outdir), strict=True):
        pages[source.name] = len(to_png(pdf, outdir))
    return pages
