"""DOCX through python-docx: an editable Word file that looks like the PDF.

Everything is a real Word construct, so the file stays useful after editing: headings use
the built-in styles "Heading 1–3" (numbered 1, 1.1, 1.1.1 like the PDF, shown in the
navigation pane and collected by the table of contents field), lists use "List Bullet" and
"List Number", tables are Word tables whose header row repeats on every page, captions use
the "Caption" style with ``SEQ`` fields (so Word can build a table of figures), the page
number in the footer is a ``PAGE``/``NUMPAGES`` field. The document language is set on the
defaults, so Word hyphenates and checks spelling in German (or British English).

Values are formatted by ``formatting.py``, so a table cell reads exactly as in the PDF.
User text is only ever set as text of XML nodes (python-docx and lxml escape it); characters
that XML cannot carry (control characters, lone surrogates) are removed first, because a single
one would make the file unreadable.
"""

from __future__ import annotations

import io
import logging
import math
import re
from urllib.parse import quote

from django.utils import timezone
from docx import Document as new_word_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph
from lxml import etree

from .errors import DocumentRenderError
from .formatting import format_cell, format_date, labels, language_of
from .model import (
    Align,
    BulletList,
    Callout,
    CalloutKind,
    Document,
    Figure,
    Heading,
    Inline,
    KeyFigures,
    NumberedList,
    PageBreak,
    Paragraph,
    Table,
    fits_content,
    spans,
)
from .serialize import image_kind

logger = logging.getLogger(__name__)

# The palette of the PDF template (typst/document.typ).
ACCENT = "1B4F8A"
INK = "1F2933"
MUTED = "5B6776"
RULE = "CFD7E0"
TINT = "EEF3F9"
ZEBRA = "F6F8FB"
WHITE = "FFFFFF"
CALLOUT_COLOURS = {  # (line, fill)
    CalloutKind.INFO: ("2A6DB3", "EAF2FB"),
    CalloutKind.WARNING: ("B7711B", "FDF4E3"),
    CalloutKind.SUCCESS: ("2E7D4F", "E9F5EE"),
}
FONT = "Calibri"  # LibreOffice shows the metric-compatible Carlito where it is installed

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(28), Mm(24), Mm(25), Mm(20)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
TWIPS_PER_EMU = 1 / 635

# XML 1.0 cannot carry C0 controls (but tab and line breaks) or lone surrogates; C1
# controls are allowed but print as boxes. Any of them would corrupt or spoil the file.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
LINK_SCHEMES = ("https://", "http://", "mailto:")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"

TOC_HINT = {
    "de": "Das Inhaltsverzeichnis entsteht beim Aktualisieren: "
    "Rechtsklick → „Feld aktualisieren“ (oder F9).",
    "en": "The table of contents appears when it is updated: right-click → “Update Field” (or F9).",
}


def _names(text: str) -> list[str]:
    return text.split()


# Child order of the elements this module writes itself (ECMA-376 part 1, §17).
_PPR_ORDER = _names(
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
    "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
    "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle "
    "w:rPr w:sectPr w:pPrChange"
)
_TBLPR_ORDER = _names(
    "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize "
    "w:tblStyleColBandSize w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd "
    "w:tblLayout w:tblCellMar w:tblLook w:tblCaption w:tblDescription w:tblPrChange"
)
_TCPR_ORDER = _names(
    "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar "
    "w:textDirection w:tcFitText w:vAlign w:hideMark w:headers w:cellIns w:cellDel "
    "w:cellMerge w:tcPrChange"
)

_JC = {Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT, Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER}


def render_docx(document: Document) -> bytes:
    """``document`` as a Word file (DOCX).

    Raises ``DocumentRenderError`` (with the cause logged) when the document cannot be
    written; a half-written file is never returned.
    """
    try:
        return _WordWriter(document).write()
    except DocumentRenderError:
        raise
    except Exception as error:
        raise DocumentRenderError(
            f"The Word document for “{document.meta.title}” could not be created: {error}",
            file_format="docx",
            detail=repr(error),
            cause=error,
        ) from error


def clean(text: str) -> str:
    """Text as Word can store it: no control characters, line breaks as ``\\n``."""
    return _INVALID.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def safe_link(url: str) -> str:
    """A web or mail address fit for a hyperlink relationship, or ``""``.

    Only ``http(s):`` and ``mailto:`` targets become links (no ``file:``, ``javascript:``
    or relative ones); spaces and other characters a URI cannot contain are
    percent-encoded, because Word rejects a file with a malformed link target.
    """
    url = clean(url).strip()
    if not url.lower().startswith(LINK_SCHEMES):
        return ""
    return quote(url, safe=_URL_SAFE)


# ------------------------------------------------------------------------ XML helpers


def _element(tag: str, **attributes: str) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _set_child(parent, child, order: list[str]) -> None:
    """Put ``child`` into ``parent`` at its schema position, replacing one of its kind."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    successors = {qn(name) for name in order[order.index(_prefixed(tag)) + 1 :]}
    for index, existing in enumerate(parent):
        if existing.tag in successors:
            parent.insert(index, child)
            return
    parent.append(child)


def _prefixed(tag: str) -> str:
    return "w:" + tag.rsplit("}", 1)[1]


def _borders(tag: str, **sides: tuple[str, int, str] | None) -> OxmlElement:
    """``w:pBdr``, ``w:tcBorders`` or ``w:tblBorders``; a side is (colour, eighths of a point,
    space in points), or ``None`` for no line."""
    element = _element(tag)
    for side in ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV"):
        if side not in sides:
            continue
        spec = sides[side]
        if spec is None:
            element.append(_element(f"w:{side}", val="nil"))
        else:
            colour, size, space = spec
            element.append(
                _element(f"w:{side}", val="single", sz=str(size), space=space, color=colour)
            )
    return element


def _shading(fill: str) -> OxmlElement:
    return _element("w:shd", val="clear", color="auto", fill=fill)


def _twips(length: int) -> str:
    return str(round(length * TWIPS_PER_EMU))


def _add_field(paragraph: WordParagraph, instruction: str, cached: str, *, bold: bool = False):
    """A complex field (``PAGE``, ``SEQ Tabelle``, ``TOC …``) with ``cached`` as its result."""

    def field_char(kind: str) -> None:
        run = paragraph.add_run()
        run._r.append(_element("w:fldChar", fldCharType=kind))

    field_char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    field_char("separate")
    result = paragraph.add_run(cached)
    result.bold = bold or None
    field_char("end")


def _sub(parent, tag: str, **attributes: str):
    element = etree.SubElement(parent, qn(tag))
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _table_row(
    tbl,
    texts: list[str],
    cells: list[tuple[int, Align]],
    *,
    bold: bool = False,
    header: bool = False,
    fill: str | None = None,
    line: tuple[str, str] | None = None,
) -> None:
    """A table row (``w:tr``) of one-paragraph cells in the "Table Text" style."""
    row = _sub(tbl, "w:tr")
    row_properties = _sub(row, "w:trPr")
    _sub(row_properties, "w:cantSplit")
    if header:
        _sub(row_properties, "w:tblHeader")  # repeated at the top of every page
    for text, (width, align) in zip(texts, cells, strict=True):
        cell = _sub(row, "w:tc")
        properties = _sub(cell, "w:tcPr")
        _sub(properties, "w:tcW", w=_twips(width), type="dxa")
        if line is not None:
            side, colour = line
            borders = _sub(properties, "w:tcBorders")
            _sub(borders, f"w:{side}", val="single", sz="8", space="0", color=colour)
        if fill is not None:
            _sub(properties, "w:shd", val="clear", color="auto", fill=fill)
        paragraph = _sub(cell, "w:p")
        paragraph_properties = _sub(paragraph, "w:pPr")
        _sub(paragraph_properties, "w:pStyle", val="TableText")
        if align != Align.LEFT:
            _sub(paragraph_properties, "w:jc", val=align.value)
        if text:
            _run(paragraph, text, bold=bold)


def _run(paragraph, text: str, *, bold: bool = False) -> None:
    """A run with ``text``; tabs and line breaks become ``w:tab`` and ``w:br``."""
    run = _sub(paragraph, "w:r")
    if bold:
        _sub(_sub(run, "w:rPr"), "w:b")
    for index, line in enumerate(text.split("\n")):
        if index:
            _sub(run, "w:br")
        for position, piece in enumerate(line.split("\t")):
            if position:
                _sub(run, "w:tab")
            if piece:
                node = _sub(run, "w:t")
                node.text = piece
                if piece != piece.strip():
                    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


# ------------------------------------------------------------------------ the writer


class _WordWriter:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.meta = document.meta
        self.language = language_of(self.meta.language)
        self.labels = labels(self.language)
        self.word = new_word_document()
        self.tables = 0
        self.figures = 0
        self.at_page_start = True
        self.heading_level = 0
        self.number_abstract_id = 0
        self.logo: bytes | None | bool = False  # False: not looked at yet

    def write(self) -> bytes:
        self._page_setup()
        self._styles()
        self._settings()
        self._properties()
        self._header_and_footer()
        self._remove_initial_paragraph()
        if self.document.title_page:
            self._title_page()
        else:
            self._title_block()
        if self.document.table_of_contents:
            self._table_of_contents()
        for block in self.document.blocks:
            self._block(block)
        self._number_drawings()
        buffer = io.BytesIO()
        self.word.save(buffer)
        return buffer.getvalue()

    def _number_drawings(self) -> None:
        """Give every picture a drawing id unique across body, headers and footers.

        python-docx counts per part, so the logo in the header and the first chart in the
        body would both be 1, which makes Word report unreadable content.
        """
        main = self.word.part
        parts = [main] + [
            relationship.target_part
            for relationship in main.rels.values()
            if relationship.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER)
        ]
        number = 0
        for part in parts:
            for properties in part.element.xpath(".//wp:docPr"):
                number += 1
                properties.set("id", str(number))

    # -- set-up ----------------------------------------------------------------------

    def _page_setup(self) -> None:
        section = self.word.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.header_distance = section.footer_distance = Mm(12)

    def _styles(self) -> None:
        styles = self.word.styles
        root = styles.element
        lang = "de-DE" if self.language == "de" else "en-GB"
        # One font everywhere: drop the template's theme fonts, which would override it.
        for fonts in root.iter(qn("w:rFonts")):
            for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(qn(f"w:{name}"), None)
        defaults = root.find(qn("w:docDefaults"))
        run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        fonts = run_defaults.find(qn("w:rFonts"))
        for name in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{name}"), FONT)
        for size in ("w:sz", "w:szCs"):
            run_defaults.find(qn(size)).set(qn("w:val"), "21")
        language = run_defaults.find(qn("w:lang"))
        language.set(qn("w:val"), lang)
        language.set(qn("w:eastAsia"), lang)
        spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
        spacing.set(qn("w:after"), "140")
        spacing.set(qn("w:line"), "264")

        normal = styles["Normal"]
        normal.font.color.rgb = RGBColor.from_string(INK)

        sizes = {1: (17, 26, 12), 2: (13.5, 20, 9), 3: (11.5, 16, 7)}
        for level, (size, before, after) in sizes.items():
            style = styles[f"Heading {level}"]
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = RGBColor.from_string(ACCENT)
            style.paragraph_format.space_before = Pt(before)
            style.paragraph_format.space_after = Pt(after)
            style.paragraph_format.keep_with_next = True
        self._number_headings()

        title, subtitle = styles["Title"], styles["Subtitle"]
        # Drop the template's rule under the title, its letter spacing and kerning.
        for style in (title, subtitle):
            for node in style.element.xpath("w:pPr/w:pBdr | w:rPr/w:spacing | w:rPr/w:kern"):
                node.getparent().remove(node)
        title.font.size = Pt(28)
        title.font.bold = True
        title.font.color.rgb = RGBColor.from_string(ACCENT)
        title.paragraph_format.space_after = Pt(6)
        title.paragraph_format.line_spacing = 1.0
        for numbering in subtitle.element.iter(qn("w:numPr")):
            numbering.getparent().remove(numbering)
        subtitle.font.size = Pt(15)
        subtitle.font.italic = False
        subtitle.font.color.rgb = RGBColor.from_string(MUTED)

        caption = styles["Caption"]
        caption.font.size = Pt(9)
        caption.font.bold = False
        caption.font.color.rgb = RGBColor.from_string(MUTED)
        caption.paragraph_format.space_before = Pt(4)
        caption.paragraph_format.space_after = Pt(4)

        for name in ("Header", "Footer"):
            style = styles[name]
            # The template's tab stops (centre, right for Letter paper) would catch our tab.
            for tabs in style.element.iter(qn("w:tabs")):
                tabs.getparent().remove(tabs)
            style.font.size = Pt(8.5)
            style.font.color.rgb = RGBColor.from_string(MUTED)
            style.paragraph_format.space_after = Pt(0)

        hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        hyperlink.base_style = styles["Default Paragraph Font"]
        hyperlink.font.color.rgb = RGBColor.from_string(ACCENT)
        hyperlink.font.underline = True
        hyperlink.unhide_when_used = True
        hyperlink.priority = 99

        table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.font.size = Pt(9.5)
        table_text.paragraph_format.space_before = Pt(0)
        table_text.paragraph_format.space_after = Pt(0)
        table_text.paragraph_format.line_spacing = 1.0

        spacer = styles.add_style("Spacer", WD_STYLE_TYPE.PARAGRAPH)
        spacer.base_style = normal
        spacer.font.size = Pt(4)
        spacer.paragraph_format.space_before = Pt(0)
        spacer.paragraph_format.space_after = Pt(8)
        spacer.paragraph_format.line_spacing = 1.0

    def _number_headings(self) -> None:
        """Number "Heading 1–3" like the PDF (1, 1.1, 1.1.1) with a multi-level list."""
        numbering = self.word.part.numbering_part.element
        abstract_ids = [
            int(node.get(qn("w:abstractNumId"))) for node in numbering.findall(qn("w:abstractNum"))
        ]
        abstract_id = max(abstract_ids, default=0) + 1
        abstract = _element("w:abstractNum", abstractNumId=str(abstract_id))
        abstract.append(_element("w:multiLevelType", val="multilevel"))
        for level in range(3):
            lvl = _element("w:lvl", ilvl=str(level))
            lvl.append(_element("w:start", val="1"))
            lvl.append(_element("w:numFmt", val="decimal"))
            lvl.append(_element("w:pStyle", val=f"Heading{level + 1}"))
            lvl.append(_element("w:lvlText", val=".".join(f"%{n}" for n in range(1, level + 2))))
            lvl.append(_element("w:lvlJc", val="left"))
            indent = _element("w:pPr")
            hanging = str(567 + 142 * level)
            indent.append(_element("w:ind", left=hanging, hanging=hanging))
            lvl.append(indent)
            abstract.append(lvl)
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num_id = numbering.add_num(abstract_id).numId
        for level in range(3):
            properties = self.word.styles[f"Heading {level + 1}"].element.get_or_add_pPr()
            numbering_properties = properties.get_or_add_numPr()
            numbering_properties.get_or_add_ilvl().val = level
            numbering_properties.get_or_add_numId().val = num_id
        # The contents heading is based on "Heading 1" but must stay unnumbered.
        contents = self.word.styles["TOC Heading"].element.get_or_add_pPr().get_or_add_numPr()
        contents.get_or_add_numId().val = 0
        list_number = self.word.styles["List Number"].element.pPr.numPr.numId.val
        self.number_abstract_id = numbering.num_having_numId(list_number).abstractNumId.val

    def _settings(self) -> None:
        settings = self.word.settings.element
        # "clean" would tell Word the text has been checked already; let it check.
        for proof in settings.findall(qn("w:proofState")):
            settings.remove(proof)
        tab_stop = settings.find(qn("w:defaultTabStop"))
        if tab_stop is not None and settings.find(qn("w:autoHyphenation")) is None:
            tab_stop.addnext(_element("w:autoHyphenation"))
        theme_language = settings.find(qn("w:themeFontLang"))
        if theme_language is not None:
            theme_language.set(qn("w:val"), "de-DE" if self.language == "de" else "en-GB")
            theme_language.attrib.pop(qn("w:eastAsia"), None)
        if self.language == "de":
            for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
                node = settings.find(qn(tag))
                if node is not None:
                    node.set(qn("w:val"), value)

    def _properties(self) -> None:
        meta = self.meta
        properties = self.word.core_properties
        properties.title = clean(meta.title)
        properties.subject = clean(meta.subtitle)
        properties.author = clean(meta.author or meta.organisation)
        properties.last_modified_by = clean(meta.author or meta.organisation)
        properties.language = "de-DE" if self.language == "de" else "en-GB"
        properties.version = clean(meta.version)
        properties.category = ""
        properties.keywords = ""
        properties.comments = ""
        properties.revision = 1
        now = timezone.now().replace(microsecond=0)
        properties.created = properties.modified = now
        # The template's preview picture would show python-docx's sample page.
        package = self.word.part.package
        for key, relationship in list(package.rels.items()):
            if relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
                del package.rels[key]

    def _remove_initial_paragraph(self) -> None:
        body = self.word.element.body
        for paragraph in body.findall(qn("w:p")):
            body.remove(paragraph)

    # -- header, footer, title page ---------------------------------------------------

    def _header_and_footer(self) -> None:
        section = self.word.sections[0]
        if self.document.title_page:
            section.different_first_page_header_footer = True
            section.first_page_header.is_linked_to_previous = False
            section.first_page_footer.is_linked_to_previous = False

        header = section.header.paragraphs[0]
        header.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        header.add_run(clean(self.meta.organisation))
        logo = self._logo()
        if logo is not None:
            header.add_run("\t").add_picture(io.BytesIO(logo), height=Mm(8))
            self._describe_last_picture(header, clean(self.meta.organisation))
        _set_child(
            header._p.get_or_add_pPr(),
            _borders("w:pBdr", bottom=(RULE, 4, "4")),
            _PPR_ORDER,
        )

        footer = section.footer.paragraphs[0]
        footer.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        _set_child(footer._p.get_or_add_pPr(), _borders("w:pBdr", top=(RULE, 4, "4")), _PPR_ORDER)
        date = format_date(self.meta.date, self.language, long=True)
        footer.add_run(f"{clean(self.meta.title)}  ·  {date}\t")
        for part in re.split(r"(\{page\}|\{pages\})", self.labels["page"]):
            if part == "{page}":
                _add_field(footer, "PAGE", "1")
            elif part == "{pages}":
                _add_field(footer, "NUMPAGES", "1")
            elif part:
                footer.add_run(part)

    def _logo(self) -> bytes | None:
        """The organisation's logo as PNG or JPEG bytes, or ``None`` (SVG is rasterised)."""
        if self.logo is False:
            self.logo = self._usable_logo()
        return self.logo

    def _usable_logo(self) -> bytes | None:
        logo = self.meta.logo
        if not logo:
            return None
        kind = image_kind(logo)
        try:
            if kind == "svg":
                from .charts.raster import svg_to_png

                logo = svg_to_png(logo.decode("utf-8"), 400, title="logo")
            elif kind is None:
                raise ValueError("neither PNG, JPEG nor SVG")
            Image.from_blob(logo)
        except Exception:
            logger.warning("The logo of %r cannot be used; it is left out.", self.meta.title)
            return None
        return logo

    def _title_page(self) -> None:
        meta, labels_ = self.meta, self.labels
        logo = self._logo()
        top = self.word.add_paragraph()
        top.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        organisation = top.add_run(clean(meta.organisation))
        organisation.bold = True
        organisation.font.size = Pt(11)
        organisation.font.color.rgb = RGBColor.from_string(MUTED)
        if logo is not None:
            top.add_run("\t").add_picture(io.BytesIO(logo), height=Mm(18))
            self._describe_last_picture(top, clean(meta.organisation))

        # Title and facts: the facts sit near the foot of the page, unless a long title
        # needs the room (an estimate: ~32 title and ~60 subtitle characters a line).
        title_lines = max(1, math.ceil(len(meta.title) / 32))
        subtitle_lines = math.ceil(len(meta.subtitle) / 60) if meta.subtitle else 0
        facts = [
            (labels_["organisation"], meta.organisation),
            (labels_["author"], meta.author),
            (labels_["date"], format_date(meta.date, self.language, long=True)),
            (labels_["version"], meta.version),
        ]
        facts = [(label, clean(value)) for label, value in facts if value.strip()]
        used = (
            (60 if logo is not None else 20)
            + 190
            + 12
            + title_lines * 34
            + subtitle_lines * 22
            + len(facts) * 20
            + 60  # safety
        )
        room = TEXT_HEIGHT / 12700 - used

        bar = self._para("", "Spacer")
        bar.paragraph_format.space_before = Pt(190)
        bar.paragraph_format.space_after = Pt(12)
        bar.paragraph_format.right_indent = TEXT_WIDTH - Mm(38)
        _set_child(bar._p.get_or_add_pPr(), _borders("w:pBdr", top=(ACCENT, 24, "1")), _PPR_ORDER)
        self._para(clean(meta.title), "Title")
        if meta.subtitle:
            self._para(clean(meta.subtitle), "Subtitle")

        rule = self._para("", "Spacer")
        rule.paragraph_format.space_before = Pt(max(12, room))
        rule.paragraph_format.space_after = Pt(2)
        _set_child(rule._p.get_or_add_pPr(), _borders("w:pBdr", bottom=(RULE, 4, "1")), _PPR_ORDER)
        if facts:
            table = self._new_table(2, widths=[Mm(40), TEXT_WIDTH - Mm(40)], borders=False)
            for index, (label, value) in enumerate(facts):
                cells = table.rows[0].cells if index == 0 else table.add_row().cells
                self._cell_text(cells[0], label, colour=MUTED, size=10)
                self._cell_text(cells[1], value, bold=True, size=10)
        self.at_page_start = False
        self._page_break()

    def _title_block(self) -> None:
        """Without a title page: the title, subtitle and facts on one line above the text."""
        meta = self.meta
        title = self._para(clean(meta.title), "Title")
        title.runs[0].font.size = Pt(22)
        if meta.subtitle:
            subtitle = self._para(clean(meta.subtitle), "Subtitle")
            subtitle.runs[0].font.size = Pt(13)
        facts = [
            meta.organisation,
            meta.author,
            format_date(meta.date, self.language, long=True),
            meta.version,
        ]
        line = self.word.add_paragraph(" · ".join(clean(fact) for fact in facts if fact.strip()))
        line.runs[0].font.size = Pt(9)
        line.runs[0].font.color.rgb = RGBColor.from_string(MUTED)
        line.paragraph_format.space_after = Pt(18)
        self.at_page_start = False

    def _table_of_contents(self) -> None:
        self._para(self.labels["contents"], "TOCHeading")
        paragraph = self.word.add_paragraph()
        _add_field(paragraph, 'TOC \\o "1-3" \\h \\z \\u', TOC_HINT[self.language])
        self.at_page_start = False
        self._page_break()

    # -- blocks ----------------------------------------------------------------------

    def _block(self, block) -> None:
        if isinstance(block, PageBreak):
            self._page_break()
            return
        if isinstance(block, Heading):
            # No level is skipped (a 3 right after a 1 becomes a 2), as in the PDF: the
            # numbering reads 1.1, not 1.0.1, and the navigation pane stays a tree.
            self.heading_level = min(block.level, self.heading_level + 1)
            self._para(clean(block.text), f"Heading{self.heading_level}")
        elif isinstance(block, Paragraph):
            if not self._has_text(block.content):
                return
            self._inline(self.word.add_paragraph(), block.content)
        elif isinstance(block, BulletList | NumberedList):
            if not block.items:
                return
            self._list(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, KeyFigures):
            if not block.items:
                return
            self._key_figures(block)
        elif isinstance(block, Figure):
            self._figure(block)
        elif isinstance(block, Callout):
            self._callout(block)
        else:
            raise TypeError(f"Unknown block {type(block).__name__}.")
        self.at_page_start = False

    def _para(self, text: str = "", style: str = "", container=None) -> WordParagraph:
        """A new paragraph in the body (or ``container``) with a style given by its id.

        (Setting the id directly: python-docx looks a style name up in every style.)
        """
        paragraph = (container or self.word).add_paragraph(text)
        if style:
            paragraph._p.style = style
        return paragraph

    def _page_break(self) -> None:
        """A page break, unless the page is still empty (like Typst's weak page break)."""
        if self.at_page_start:
            return
        self._para("", "Spacer").add_run().add_break(WD_BREAK.PAGE)
        self.at_page_start = True

    @staticmethod
    def _has_text(content: Inline) -> bool:
        return any(clean(span.text).strip() for span in spans(content))

    def _inline(self, paragraph: WordParagraph, content: Inline) -> None:
        for span in spans(content):
            text = clean(span.text)
            if not text:
                continue
            target = safe_link(span.link) if span.link else ""
            run = paragraph.add_run(text)
            run.bold = span.bold or None
            run.italic = span.italic or None
            if target:
                run._r.style = "Hyperlink"
                relationship = paragraph.part.relate_to(
                    target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True
                )
                hyperlink = OxmlElement("w:hyperlink")
                hyperlink.set(qn("r:id"), relationship)
                hyperlink.set(qn("w:history"), "1")
                run._r.addprevious(hyperlink)
                hyperlink.append(run._r)

    def _list(self, block: BulletList | NumberedList) -> None:
        numbered = isinstance(block, NumberedList)
        style = "ListNumber" if numbered else "ListBullet"
        num_id = None
        if numbered:
            # Every numbered list starts at 1 (the style's list would continue counting).
            numbering = self.word.part.numbering_part.element
            num = numbering.add_num(self.number_abstract_id)
            num.add_lvlOverride(ilvl=0).add_startOverride(1)
            num_id = num.numId
        for item in block.items:
            paragraph = self._para("", style)
            if num_id is not None:
                numbering_properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                numbering_properties.get_or_add_ilvl().val = 0
                numbering_properties.get_or_add_numId().val = num_id
            self._inline(paragraph, item)

    def _caption(self, kind: str, text: str) -> WordParagraph:
        """``Tabelle 3: text`` in the Caption style, the number a ``SEQ`` field."""
        if kind == "table":
            self.tables += 1
            number = self.tables
        else:
            self.figures += 1
            number = self.figures
        label = self.labels[kind]
        paragraph = self._para("", "Caption")
        paragraph.add_run(f"{label} ").bold = True
        _add_field(paragraph, f"SEQ {label} \\* ARABIC", str(number), bold=True)
        paragraph.add_run(f": {clean(text)}")
        return paragraph

    def _new_table(
        self, columns: int, *, widths: list[int], borders: bool = True, caption: str = ""
    ) -> WordTable:
        """An empty one-row table of fixed column widths (Word's auto-fit would overflow)."""
        table = self.word.add_table(rows=1, cols=columns)
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        properties = table._tbl.tblPr
        _set_child(properties, _element("w:tblW", w=_twips(sum(widths)), type="dxa"), _TBLPR_ORDER)
        _set_child(properties, _element("w:tblInd", w="0", type="dxa"), _TBLPR_ORDER)
        border = (RULE, 4, "0") if borders else None
        _set_child(
            properties,
            _borders(
                "w:tblBorders",
                top=None,
                left=None,
                bottom=None,
                right=None,
                insideH=border,
                insideV=None,
            ),
            _TBLPR_ORDER,
        )
        margins = _element("w:tblCellMar")
        for side, width in (("top", "60"), ("left", "100"), ("bottom", "60"), ("right", "100")):
            margins.append(_element(f"w:{side}", w=width, type="dxa"))
        _set_child(properties, margins, _TBLPR_ORDER)
        if caption:
            _set_child(properties, _element("w:tblCaption", val=caption[:255]), _TBLPR_ORDER)
        for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_column.w = Emu(width)
        for cell, width in zip(table.rows[0].cells, widths, strict=True):
            cell.width = Emu(width)
        return table

    def _spacer(self) -> None:
        """A small paragraph after a table: Word joins tables that touch into one."""
        self._para("", "Spacer")

    def _cell_text(
        self,
        cell,
        text: str,
        *,
        align: Align = Align.LEFT,
        bold: bool = False,
        colour: str | None = None,
        size: float | None = None,
    ) -> None:
        paragraph = cell.paragraphs[0]
        paragraph._p.style = "TableText"
        if align != Align.LEFT:
            paragraph.alignment = _JC.get(align, WD_ALIGN_PARAGRAPH.RIGHT)
        if not text:
            return
        run = paragraph.add_run(text)
        run.bold = bold or None
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
        if size:
            run.font.size = Pt(size)

    @staticmethod
    def _column_widths(table: Table, texts: list[list[str]]) -> list[int]:
        """Widths like the PDF's: a set ``Column.width`` is a share; a number or date column,
        or one of short single words (``fits_content``), is as wide as its longest value or
        heading word; text columns share the rest equally."""
        char = Pt(9.5) * 0.6  # a generous average character of Calibri at 9.5 pt, bold
        padding = Pt(14)  # the cell margins and some air
        shares: list[float] = []  # for columns that share the rest; 0 for sized ones
        sized: list[int] = []  # natural width of number columns; 0 for sharing ones
        for index, column in enumerate(table.columns):
            if fits_content(column, [row[index] for row in texts[1:]]):
                longest = max(
                    (len(word) for row in texts for word in (row[index].split() or [""])),
                    default=0,
                )
                longest = max([longest, *(len(row[index]) for row in texts[1:])])
                sized.append(int(longest * char + padding))
                shares.append(0.0)
            else:
                sized.append(0)
                shares.append(max(float(column.width or 1.0), 0.05))
        if not any(shares):  # numbers only: they fill the width in proportion
            return [int(width * TEXT_WIDTH / sum(sized)) for width in sized]
        if sum(sized) > TEXT_WIDTH * 0.7:  # leave the text columns room
            sized = [int(width * TEXT_WIDTH * 0.7 / sum(sized)) for width in sized]
        rest = TEXT_WIDTH - sum(sized)
        return [
            width or int(rest * share / sum(shares))
            for width, share in zip(sized, shares, strict=True)
        ]

    def _table(self, block: Table) -> None:
        columns = block.columns
        body = [
            [
                clean(format_cell(value, column, self.language))
                for value, column in zip(row, columns, strict=True)
            ]
            for row in block.rows
        ]
        total = (
            [
                clean(format_cell(value, column, self.language))
                for value, column in zip(block.total_row, columns, strict=True)
            ]
            if block.total_row is not None
            else None
        )
        headers = [clean(column.header) for column in columns]
        widths = self._column_widths(block, [headers, *body, *([total] if total else [])])
        if block.caption:
            self._caption("table", block.caption).paragraph_format.keep_with_next = True
        table = self._new_table(len(columns), widths=widths, caption=clean(block.caption))
        tbl = table._tbl
        tbl.remove(tbl.tr_lst[0])
        # Rows are written with lxml directly, in schema order: python-docx's element API
        # searches for the position of every child it adds, which made long tables slow.
        cells = list(zip(widths, [column.alignment for column in columns], strict=True))
        _table_row(tbl, headers, cells, bold=True, header=True, fill=TINT, line=("bottom", ACCENT))
        for number, values in enumerate(body, start=1):
            _table_row(tbl, values, cells, fill=ZEBRA if number % 2 == 0 else None)
        if total is not None:
            _table_row(tbl, total, cells, bold=True, line=("top", INK))
        self._spacer()

    @staticmethod
    def _cell_format(cell, *, fill: str | None = None, borders: dict | None = None) -> None:
        properties = cell._tc.get_or_add_tcPr()
        if borders:
            _set_child(properties, _borders("w:tcBorders", **borders), _TCPR_ORDER)
        if fill:
            _set_child(properties, _shading(fill), _TCPR_ORDER)

    def _key_figures(self, block: KeyFigures) -> None:
        """Tiles, four at most a row: the value large, the label, the note small.

        A table whose tiles are separated by narrow empty columns (Word's cell spacing is
        not shown by LibreOffice).
        """
        count = min(len(block.items), 4)
        gap = Pt(8)
        tile = (TEXT_WIDTH - gap * (count - 1)) // count
        widths = [tile if index % 2 == 0 else gap for index in range(2 * count - 1)]
        table = self._new_table(len(widths), widths=widths, borders=False)
        rows = [block.items[start : start + count] for start in range(0, len(block.items), count)]
        for index, items in enumerate(rows):
            if index:
                gap_row = table.add_row()
                gap_row.height = gap
                gap_row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
                for cell in gap_row.cells:
                    cell.paragraphs[0]._p.style = "Spacer"
            cells = (table.rows[0] if index == 0 else table.add_row()).cells[::2]
            for cell, item in zip(cells, items, strict=False):
                self._cell_format(cell, fill=TINT, borders={"left": (ACCENT, 20, "0")})
                self._cell_text(cell, clean(item.value), bold=True, colour=ACCENT, size=20)
                label = self._para(clean(item.label), "TableText", cell)
                for run in label.runs:
                    run.bold = True
                label.paragraph_format.space_before = Pt(2)
                if item.note:
                    note = self._para(clean(item.note), "TableText", cell)
                    for run in note.runs:
                        run.font.size = Pt(8.5)
                        run.font.color.rgb = RGBColor.from_string(MUTED)
                    note.paragraph_format.space_before = Pt(2)
                cell.paragraphs[-1].paragraph_format.space_after = Pt(4)
        self._spacer()

    def _callout(self, block: Callout) -> None:
        """A shaded box with a coloured rule on the left (a one-cell table, like the PDF)."""
        line, fill = CALLOUT_COLOURS.get(block.kind, CALLOUT_COLOURS[CalloutKind.INFO])
        table = self._new_table(1, widths=[TEXT_WIDTH], borders=False)
        cell = table.rows[0].cells[0]
        self._cell_format(cell, fill=fill, borders={"left": (line, 24, "0")})
        margins = _element("w:tcMar")
        for side, width in (("top", "160"), ("left", "240"), ("bottom", "160"), ("right", "240")):
            margins.append(_element(f"w:{side}", w=width, type="dxa"))
        _set_child(cell._tc.get_or_add_tcPr(), margins, _TCPR_ORDER)
        paragraph = cell.paragraphs[0]
        paragraph._p.style = "TableText"
        paragraph.paragraph_format.line_spacing = 1.15
        if block.title:
            title = paragraph.add_run(clean(block.title))
            title.bold = True
            title.font.color.rgb = RGBColor.from_string(line)
            paragraph = self._para("", "TableText", cell)
            paragraph.paragraph_format.line_spacing = 1.15
            paragraph.paragraph_format.space_before = Pt(2)
        self._inline(paragraph, block.body)
        for run in paragraph.runs:
            run.font.size = Pt(10.5)
        self._spacer()

    def _figure(self, block: Figure) -> None:
        png = block.chart.png()
        width, height = self._picture_size(png)
        paragraph = self.word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = bool(block.caption)
        paragraph.add_run().add_picture(io.BytesIO(png), width=width, height=height)
        self._describe_last_picture(paragraph, clean(block.description), clean(block.chart.title))
        if block.caption:
            self._caption("figure", block.caption).paragraph_format.space_after = Pt(12)

    @staticmethod
    def _picture_size(png: bytes) -> tuple[int, int]:
        """The full text width (like the PDF), but at most 60 % of the page's text height."""
        image = Image.from_blob(png)
        ratio = image.px_height / image.px_width
        width, height = TEXT_WIDTH, int(TEXT_WIDTH * ratio)
        limit = int(TEXT_HEIGHT * 0.6)
        if height > limit:
            width, height = int(limit / ratio), limit
        return width, height

    @staticmethod
    def _describe_last_picture(paragraph: WordParagraph, description: str, title: str = ""):
        """Alt text on the picture (``wp:docPr/@descr``), what screen readers announce."""
        properties = paragraph._p.xpath(".//wp:docPr")[-1]
        properties.set("descr", description)
        if title:
            properties.set("title", title)
