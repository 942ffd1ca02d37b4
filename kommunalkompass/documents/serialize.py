"""A ``Document`` as plain JSON data: what the Typst template reads.

User text only ever travels as JSON strings, which the template sets as literal text; it is
never pasted into Typst markup. Values are formatted here (``formatting.py``), so the PDF
shows exactly what the DOCX shows. Charts and the logo are files: ``serialize`` names them
and the renderer writes them into the compilation folder.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from .formatting import format_cell, format_date, labels, language_of
from .model import (
    BulletList,
    Callout,
    Document,
    Figure,
    Heading,
    KeyFigures,
    NumberedList,
    PageBreak,
    Paragraph,
    Table,
    fits_content,
    spans,
)

logger = logging.getLogger(__name__)

# Control characters have no glyph (they would print as boxes); line feed and tab stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A run of 30 or more characters with no break opportunity: an ID, a hash, a long number.
_LONG_RUN = re.compile(r"[^\s/\-\u00ad\u200b]{30,}")
_CHUNK = 15
ZWSP = "\u200b"

LINK_SCHEMES = ("https://", "http://", "mailto:")


@dataclass
class Serialized:
    """The template's data, and the files it expects beside it in the root folder."""

    data: dict[str, Any]
    figures: dict[str, Figure] = field(default_factory=dict)  # file name → figure to draw
    files: dict[str, bytes] = field(default_factory=dict)  # file name → content (the logo)


def clean(text: str) -> str:
    """User text as it can be set: no control characters, and long runs made breakable.

    A German compound breaks by hyphenation, but a run without a single hyphenation point
    (an ID, a hash, ``xxxxxxxx…``) would stick out of its column; it gets invisible
    zero-width breaks every few characters instead.
    """
    text = _CONTROL.sub("", text)
    return _LONG_RUN.sub(_breakable, text) if len(text) >= 30 else text


def _breakable(match: re.Match[str]) -> str:
    run = match.group()
    if _looks_like_a_word(run):
        return run  # hyphenation handles it
    return ZWSP.join(run[i : i + _CHUNK] for i in range(0, len(run), _CHUNK))


def _looks_like_a_word(run: str) -> bool:
    """Letters only, with vowels, no long consonant or repeated-letter runs: hyphenable."""
    if not run.isalpha():
        return False
    lower = run.lower()
    if re.search(r"(.)\1{3,}", lower):
        return False
    return re.search(r"[^aeiouyäöüéèáàóòúùâêîôû]{9,}", lower) is None


def _inline(content) -> list[dict[str, Any]]:
    result = []
    for span in spans(content):
        text = clean(span.text)
        if not text:
            continue
        link = span.link.strip()
        result.append(
            {
                "text": text,
                "bold": span.bold,
                "italic": span.italic,
                # Only web and mail links: no file:, javascript: or relative targets.
                "link": link if link.lower().startswith(LINK_SCHEMES) else "",
            }
        )
    return result


def _table(table: Table, language: str) -> dict[str, Any]:
    columns = table.columns
    rows = [
        [
            clean(format_cell(value, column, language))
            for value, column in zip(row, columns, strict=True)
        ]
        for row in table.rows
    ]
    return {
        "type": "table",
        "caption": clean(table.caption),
        "columns": [
            {
                "header": clean(column.header),
                "align": column.alignment.value,
                "width": column.width,
                # Numbers, dates and one-word values take the width they need; text columns
                # share the rest.
                "fit": fits_content(column, [row[index] for row in rows]),
            }
            for index, column in enumerate(columns)
        ],
        "rows": rows,
        "total": (
            [
                clean(format_cell(value, column, language))
                for value, column in zip(table.total_row, columns, strict=True)
            ]
            if table.total_row is not None
            else None
        ),
    }


def image_kind(content: bytes) -> str | None:
    """``png``, ``jpg`` or ``svg`` from the first bytes of an image, ``None`` for others."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpg"
    head = content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in content:
        return "svg"
    return None


def serialize(document: Document) -> Serialized:
    """The document as JSON-able data for ``typst/document.typ``."""
    meta = document.meta
    language = language_of(meta.language)
    words = labels(language)
    result = Serialized(data={})
    logo = None
    if meta.logo:
        kind = image_kind(meta.logo)
        if kind is None:
            logger.warning("The logo of %r is no PNG, JPEG or SVG; it is left out.", meta.title)
        else:
            logo = f"logo.{kind}"
            result.files[logo] = meta.logo

    blocks: list[dict[str, Any]] = []
    level = 0
    for block in document.blocks:
        if isinstance(block, Heading):
            # No level is skipped (a 3 right after a 1 becomes a 2): the numbering reads
            # 1.1, not 1.0.1, and the PDF's structure stays valid for screen readers.
            level = min(block.level, level + 1)
            blocks.append({"type": "heading", "text": clean(block.text), "level": level})
        elif isinstance(block, Paragraph):
            blocks.append({"type": "paragraph", "spans": _inline(block.content)})
        elif isinstance(block, BulletList | NumberedList):
            blocks.append(
                {
                    "type": "bullets" if isinstance(block, BulletList) else "numbered",
                    "items": [_inline(item) for item in block.items],
                }
            )
        elif isinstance(block, Table):
            blocks.append(_table(block, language))
        elif isinstance(block, KeyFigures):
            blocks.append(
                {
                    "type": "key_figures",
                    "items": [
                        {"label": clean(i.label), "value": clean(i.value), "note": clean(i.note)}
                        for i in block.items
                    ],
                }
            )
        elif isinstance(block, Figure):
            name = f"figure-{len(result.figures) + 1}.svg"
            result.figures[name] = block
            blocks.append(
                {
                    "type": "figure",
                    "image": name,
                    "caption": clean(block.caption),
                    # Every image needs a text alternative (PDF/UA): the chart's own,
                    # else the caption, else the chart's title.
                    "alt": _CONTROL.sub("", block.description)
                    or clean(block.caption)
                    or clean(getattr(block.chart, "title", ""))
                    or words["figure"],
                }
            )
        elif isinstance(block, Callout):
            blocks.append(
                {
                    "type": "callout",
                    "kind": block.kind.value,
                    "title": clean(block.title),
                    "spans": _inline(block.body),
                }
            )
        elif isinstance(block, PageBreak):
            blocks.append({"type": "page_break"})
        else:
            raise TypeError(f"Unknown block {type(block).__name__}.")

    result.data = {
        "meta": {
            "title": clean(meta.title) or words["untitled"],
            "subtitle": clean(meta.subtitle),
            "organisation": clean(meta.organisation),
            "author": clean(meta.author),
            "version": clean(meta.version),
            "date": format_date(meta.date, language, long=True),
            "year": meta.date.year,
            "month": meta.date.month,
            "day": meta.date.day,
            "language": language,
            "logo": logo,
        },
        "labels": words,
        "title_page": document.title_page,
        "table_of_contents": document.table_of_contents,
        "blocks": blocks,
    }
    return result
