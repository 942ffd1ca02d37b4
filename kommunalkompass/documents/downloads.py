"""A rendered document as a file: its formats, its file name and the HTTP response.

``render()`` turns a ``Document`` into PDF, DOCX or XLSX bytes, ``document_filename()``
names the file and ``document_response()`` sends it as an attachment. The documents app
knows nothing about organisations: the tenant-aware download URLs (``document_urls()``),
the registry of downloads and the links a page offers live in
``kommunalkompass.organisations.downloads``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from importlib import import_module

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from .model import Document

logger = logging.getLogger(__name__)

FORMATS: dict[str, tuple[str, str]] = {
    "pdf": ("kommunalkompass.documents.pdf.render_pdf", "application/pdf"),
    "docx": (
        "kommunalkompass.documents.docx.render_docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "kommunalkompass.documents.xlsx.render_xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def render(document: Document, extension: str) -> bytes:
    """The document as a file of the given format (``pdf``, ``docx`` or ``xlsx``)."""
    if extension not in FORMATS:
        raise ValueError(f"Unknown document format {extension!r}.")
    module_name, function_name = FORMATS[extension][0].rsplit(".", 1)
    return getattr(import_module(module_name), function_name)(document)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def document_filename(document: Document, extension: str) -> str:
    """A file name from the title and date: ``Digitalisierungsstrategie_2026-11-26.pdf``.

    Umlauts and ß are kept (the response sends an RFC 6266 UTF-8 name with an ASCII
    fallback); characters that file systems or headers do not allow become hyphens.
    """
    title = unicodedata.normalize("NFC", document.meta.title)
    title = _UNSAFE.sub("-", title)
    title = re.sub(r"\s+", "_", title.strip()).strip("._-") or "Dokument"
    return f"{title[:120]}_{document.meta.date.isoformat()}.{extension}"


def document_response(document: Document, extension: str) -> HttpResponse:
    """An attachment response with the rendered document and the right content type."""
    from .errors import DocumentRenderError

    try:
        content = render(document, extension)
    except DocumentRenderError:
        logger.exception("Rendering %s as %s failed", document.meta.title, extension)
        raise
    response = HttpResponse(content, content_type=FORMATS[extension][1])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document_filename(document, extension)
    )
    response["Cache-Control"] = "private, no-store"
    return response
