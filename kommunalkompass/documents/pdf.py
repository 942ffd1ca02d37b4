"""PDF through Typst: ``render_pdf(document) -> bytes``.

The document reaches Typst as JSON data (``serialize.py``) read by one generic template,
``typst/document.typ``; no user text is ever pasted into Typst markup. Each compilation runs
in a fresh temporary folder holding only the template and the document's images (charts as
SVG, the logo), which Typst uses as its root, so a document can read no other file.
"""

from __future__ import annotations

import functools
import json
import logging
import tempfile
from pathlib import Path
from typing import Any

import typst

from .errors import DocumentRenderError
from .model import Document, Figure
from .serialize import Serialized, serialize

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).with_name("typst") / "document.typ"
# Debian's fonts-noto-color-emoji; without it emoji print as empty boxes, all else is the same.
EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
# Archivable (PDF/A-2a: tagged, fonts embedded) and accessible (PDF/UA-1).
PDF_STANDARDS = ["a-2a", "ua-1"]


@functools.cache
def template_source() -> bytes:
    return TEMPLATE.read_bytes()


SOURCE_SANS_STYLES = ("Regular", "It", "Semibold", "SemiboldIt", "Bold", "BoldIt")


def font_files() -> list[Path]:
    """The PDF's fonts: Source Sans Pro from a PyPI package and, if installed, the emoji font.

    Typst's own embedded fonts (Libertinus Serif, DejaVu Sans Mono) are always there as
    fallbacks; the fonts installed on the machine are never used, so a PDF looks the same
    on every server.
    """
    files = []
    try:
        import font_source_sans_pro

        folder = Path(font_source_sans_pro.font_directory)
        files += [folder / f"SourceSansPro-{style}.otf" for style in SOURCE_SANS_STYLES]
    except ImportError:
        logger.warning("font-source-sans-pro is missing: PDFs are set in Libertinus Serif.")
    files.append(EMOJI_FONT)
    return [file for file in files if file.is_file()]


_font_folder: tempfile.TemporaryDirectory | None = None


@functools.cache
def fonts() -> typst.Fonts:
    """The fonts, gathered once per process (a few milliseconds saved on every PDF).

    Typst takes folders, not files: the chosen files are linked into a private folder, so
    no other font lying beside them (say, the rest of Debian's Noto) can slip in.
    """
    global _font_folder
    _font_folder = tempfile.TemporaryDirectory(prefix="kommunalkompass-fonts-")
    for file in font_files():
        (Path(_font_folder.name) / file.name).symlink_to(file)
    return typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=True,
        font_paths=[_font_folder.name],
    )


def render_pdf(document: Document) -> bytes:
    """The document as an A4 PDF; raises ``DocumentRenderError`` when it cannot be made.

    A logo Typst cannot read (one stored before uploads were decoded and drawn anew,
    ``documents.images``, or brought in by an import) is left out, with a warning, rather
    than costing the whole document.
    """
    serialized = serialize(document)
    try:
        return _render_serialized(document, serialized)
    except DocumentRenderError:
        logo = serialized.data["meta"].get("logo")
        if not logo:
            raise
    logger.warning("The logo of “%s” cannot be printed; it is left out.", document.meta.title)
    serialized.files.pop(logo, None)
    serialized.data["meta"]["logo"] = None
    return _render_serialized(document, serialized)


def _render_serialized(document: Document, serialized: Serialized) -> bytes:
    with tempfile.TemporaryDirectory(prefix="kommunalkompass-pdf-") as folder:
        root = Path(folder)
        (root / TEMPLATE.name).write_bytes(template_source())
        for name, figure in serialized.figures.items():
            (root / name).write_text(chart_svg(figure), encoding="utf-8")
        for name, content in serialized.files.items():
            (root / name).write_bytes(content)
        return compile_pdf(root, serialized.data, title=document.meta.title)


def chart_svg(figure: Figure) -> str:
    try:
        return figure.chart.svg()
    except Exception as exc:
        title = getattr(figure.chart, "title", "") or figure.caption
        raise DocumentRenderError(
            f"The chart “{title}” could not be drawn.", file_format="pdf", cause=exc
        ) from exc


def compile_pdf(root: Path, data: dict[str, Any], *, title: str = "") -> bytes:
    """Compile the template in ``root`` with ``data``; the PDF, or ``DocumentRenderError``.

    The PDF is made to PDF/A-2a (for the archive) and PDF/UA-1 (accessible); should some
    content fail their checks, it is made as a plain tagged PDF instead, with a warning.
    """
    options = {
        "root": str(root),
        "font_paths": fonts(),
        "sys_inputs": {"document": json.dumps(data, ensure_ascii=False)},
    }
    try:
        try:
            pdf, warnings = typst.compile_with_warnings(
                str(root / TEMPLATE.name), pdf_standards=PDF_STANDARDS, **options
            )
        except RuntimeError as exc:
            if not str(getattr(exc, "message", exc)).startswith(("PDF/A", "PDF/UA")):
                raise
            logger.warning(
                "“%s” does not meet PDF/A-2a and PDF/UA-1; it is made as a plain PDF.\n%s",
                title,
                diagnostic(exc),
            )
            pdf, warnings = typst.compile_with_warnings(str(root / TEMPLATE.name), **options)
    except RuntimeError as exc:  # typst.TypstError, with the compiler's diagnostic
        raise DocumentRenderError(
            f"The PDF of “{title}” could not be compiled: {getattr(exc, 'message', exc)}",
            file_format="pdf",
            detail=diagnostic(exc),
            cause=exc,
        ) from exc
    for warning in warnings:
        logger.warning("Typst warned on “%s”: %s", title, diagnostic(warning))
    if not isinstance(pdf, bytes) or not pdf.startswith(b"%PDF-"):
        raise DocumentRenderError(
            f"Typst returned no PDF for “{title}”.", file_format="pdf", detail=repr(pdf)[:200]
        )
    return pdf


def diagnostic(problem: object) -> str:
    """A Typst error or warning as text: message, location, hints and trace."""
    parts = [
        str(getattr(problem, "message", "") or problem),
        str(getattr(problem, "diagnostic", "") or ""),
        *(f"hint: {hint}" for hint in getattr(problem, "hints", None) or []),
        *(f"trace: {entry}" for entry in getattr(problem, "trace", None) or []),
    ]
    return "\n".join(part for part in parts if part)
