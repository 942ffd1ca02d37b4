"""Drawing primitives: an SVG canvas that escapes every text and attribute it is given.

Nothing outside this module writes markup, so escaping is done in exactly one place:
``Canvas.text`` and the attribute writer. Text widths are estimated from the advance widths
of DejaVu Sans (the widest font of our stack), so a label that fits here fits in every font
the stack may pick.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

# Source Sans Pro is the PDF's font (font-source-sans-pro from PyPI); browsers without it take
# the next one. Typst does not resolve the generic "sans-serif", so named families come first.
FONT_FAMILY = (
    "'Source Sans Pro', 'Source Sans 3', 'Noto Sans', 'DejaVu Sans', 'Liberation Sans', "
    "Arial, Helvetica, sans-serif"
)

# Okabe & Ito (2008), the colour-blind-safe qualitative palette; yellow last because it has
# too little contrast on white for thin lines.
SERIES_COLOURS = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)
# Line styles and marker shapes tell overlapping series apart without colour.
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 4", "1 2", "12 4", "6 2 2 2")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "circle", "square", "cross")

# Type sizes in SVG units: the charts are 720 units wide and fill the text width of an A4
# page (16 cm), so LABEL prints at about 8 pt and SMALL at 7 pt.
LABEL = 12.5
SMALL = 11.0
TINY = 10.5

# Text and structure colours of the design system (kompass.css), contrast ≥ 7:1 on white.
TEXT = "#1d2733"
MUTED = "#4a5866"
GRID = "#d5dce2"
AXIS = "#8795a1"
SURFACE = "#ffffff"
BAND = "#f3f6f8"
UNGROUPED = "#98a2ad"  # items without a group among grouped ones
SUPPRESSED_FILL = "#eceff2"
SUPPRESSED_LINE = "#a9b4be"

# A white outline behind text that sits on lines (tick labels), drawn under the glyphs.
HALO = {"stroke": SURFACE, "stroke_width": 3, "paint_order": "stroke", "stroke_linejoin": "round"}
HALO_GREY = {**HALO, "stroke": SUPPRESSED_FILL}

# ColorBrewer "Blues" (single hue: readable for every kind of colour vision and in grey).
SEQUENTIAL = ("#eff6fb", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c")

# Characters XML 1.0 cannot hold, and bidirectional overrides, which could make a label
# read as something else.
_ILLEGAL_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
_WHITESPACE = re.compile(r"[^\S\u00a0\u202f]+")  # no-break spaces stay


def clean(text: object) -> str:
    """One line of text, with characters that XML cannot hold removed."""
    return _WHITESPACE.sub(" ", _ILLEGAL_XML.sub("", str(text))).strip()


def escape(text: str) -> str:
    """Text for element content and (double-quoted) attribute values."""
    return (
        clean(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


# Advance widths in em of DejaVu Sans (the widest font of the stack), rounded up.
_WIDTH_GROUPS = {
    0.28: "'ijl", 0.3: "IJ", 0.32: " ,.‚‘’·\u00a0", 0.34: "/:;\\|", 0.36: "f", 0.37: "-",
    0.4: "()[]t", 0.41: "!²", 0.42: "r", 0.46: '"', 0.51: "*_`–§°", 0.52: "„“", 0.53: "sz",
    0.54: "?", 0.55: "c", 0.56: "L", 0.58: "Fk", 0.6: "vxy", 0.61: "P", 0.62: "TYaeoäöéèà",
    0.63: "ß", 0.64: "$0123456789ESbdghnpqu{}ü€", 0.66: "K", 0.69: "ABVXZÄ", 0.7: "CR",
    0.74: "UÜ", 0.75: "N", 0.76: "H", 0.78: "&DG", 0.79: "OQÖ", 0.82: "w", 0.84: "#+<=>^~\u2212→",
    0.87: "M", 0.96: "%", 0.97: "½", 0.98: "m", 0.99: "W", 1.0: "@—…",
}  # fmt: skip
_WIDTHS = {char: width for width, chars in _WIDTH_GROUPS.items() for char in chars}
BOLD = 1.13  # DejaVu Sans Bold is about 10 % wider


def _char_width(char: str) -> float:
    width = _WIDTHS.get(char)
    if width is not None:
        return width
    if unicodedata.combining(char) or char in "\u200d\ufe0f\ufe0e":
        return 0.0
    if unicodedata.category(char).startswith("L") and ord(char) < 0x2E80:
        return 0.72 if char.isupper() else 0.64  # other Latin, Greek, Cyrillic letters
    return 1.3  # symbols, emoji (Noto Color Emoji: 1.25), CJK


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated width of ``text`` at font size ``size`` (never an underestimate)."""
    width = 0.0
    for index, char in enumerate(text):
        if index and text[index - 1] == "\u200d":
            continue  # joined into one emoji with the character before
        width += _char_width(char)
    return width * size * (BOLD if bold else 1)


def _cut_points(text: str) -> list[int]:
    """Positions where text may be cut without splitting a character from its modifiers."""
    points = []
    for index in range(1, len(text)):
        char, before = text[index], text[index - 1]
        joined = (
            unicodedata.combining(char)
            or char in "\u200d\ufe0f\ufe0e"
            or before == "\u200d"
            or 0x1F3FB <= ord(char) <= 0x1F3FF
        )
        if not joined:
            points.append(index)
    return points


# -- colour ------------------------------------------------------------------------------
def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(fill: str) -> str:
    """Dark or white text, whichever contrasts more with ``fill``; black where neither reaches
    the 4.5:1 of WCAG AA (mid-tones)."""
    best = max((TEXT, SURFACE), key=lambda colour: contrast(colour, fill))
    return best if contrast(best, fill) >= 4.5 else "#000000"


def blend(colour: str, opacity: float) -> str:
    """``colour`` at ``opacity`` over white, as an opaque colour (for the contrast check)."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * opacity + 255 * (1 - opacity)):02x}" for c in channels)


ELLIPSIS = "…"


def _prefix(text: str, max_width: float, size: float, bold: bool = False) -> str:
    """The longest start of ``text`` that fits ``max_width`` (at least one character)."""
    cuts = [*_cut_points(text), len(text)]
    best = text[: cuts[0]]
    for point in cuts:
        if text_width(text[:point], size, bold=bold) > max_width:
            break
        best = text[:point]
    return best


def truncate(text: str, max_width: float, size: float, *, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis so that it fits ``max_width``."""
    text = clean(text)
    if text_width(text, size, bold=bold) <= max_width:
        return text
    budget = max_width - text_width(ELLIPSIS, size, bold=bold)
    head = _prefix(text, budget, size, bold) if budget > 0 else ""
    return head.rstrip() + ELLIPSIS


_VOWELS = set("aeiouyäöüAEIOUYÄÖÜéèàâ")
_COMPOUND_JOINTS = ("ungs", "heits", "keits", "schafts", "tions", "täts", "ings", "lings")


def _syllable_breaks(word: str) -> list[int]:
    """Rough German syllable boundaries: before a consonant that starts a vowel (Lei-tung,
    kräf-te), never inside ch, ck or sch, never leaving fewer than three letters on a side."""
    breaks = []
    for index in range(3, len(word) - 2):
        char, after, before = word[index], word[index + 1], word[index - 1]
        if not (char.isalpha() and before.isalpha() and char not in _VOWELS and after in _VOWELS):
            continue
        if (before == "c" and char in "hk") or word[index : index + 2] == "ch":
            continue
        breaks.append(index)
    joints = [
        index
        for index in range(3, len(word) - 2)
        if word[:index].lower().endswith(_COMPOUND_JOINTS) and word[index].isalpha()
    ]
    return sorted(set(breaks) | set(joints))


def _break_word(word: str, max_width: float, size: float, bold: bool) -> tuple[str, str]:
    """A word too long for a line, split as ``("Verwaltungs-", "leitung")``."""
    room = max_width - text_width("-", size, bold=bold)
    fitting = [i for i in _syllable_breaks(word) if text_width(word[:i], size, bold=bold) <= room]
    # the joint of a compound after a linking s (Verwaltungs-leitung) beats a mere syllable
    joints = [i for i in fitting if word[:i].lower().endswith(_COMPOUND_JOINTS)]
    if joints or fitting:
        at = (joints or fitting)[-1]
        return word[:at] + "-", word[at:]
    head = _prefix(word, room, size, bold)
    if len(word) - len(head) < 3 and len(head) > 4:
        head = head[: len(word) - 3]  # no lonely one- or two-letter tail
    rest = word[len(head) :]
    return (head + "-" if head[-1:].isalpha() and rest[:1].isalpha() else head), rest


def wrap(
    text: str, max_width: float, size: float, max_lines: int = 2, *, bold: bool = False
) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines; the last one ends in … if cut."""
    queue = clean(text).split(" ")
    lines: list[str] = []
    current = ""
    while queue:
        word = queue.pop(0)
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= max_width:
            current = candidate
            continue
        if len(lines) == max_lines - 1:
            # the last line: whatever does not fit is cut off with an ellipsis
            rest = " ".join([candidate, *queue])
            lines.append(truncate(rest, max_width, size, bold=bold))
            return lines
        if current:
            lines.append(current)
            current = ""
            queue.insert(0, word)
        else:
            # a word longer than a line (a German compound) is broken with a hyphen
            head, rest = _break_word(word, max_width, size, bold)
            lines.append(head)
            queue.insert(0, rest)
    if current:
        lines.append(current)
    return lines


def number(value: float) -> str:
    """A coordinate for an attribute: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attributes(attrs: dict[str, object]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None or value == "":
            continue
        attribute = name.rstrip("_").replace("_", "-")
        if isinstance(value, float | int) and not isinstance(value, bool):
            parts.append(f'{attribute}="{number(value)}"')
        else:
            parts.append(f'{attribute}="{escape(str(value))}"')
    return " " + " ".join(parts) if parts else ""


def points(pairs: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{number(x)},{number(y)}" for x, y in pairs)


class Canvas:
    """An SVG drawing; ``render`` gives the finished, self-contained document."""

    def __init__(
        self,
        width: float,
        height: float,
        *,
        title: str,
        description: str,
        language: str,
        variant: str = "",
    ) -> None:
        self.width = width
        self.height = height
        self.title = title
        self.description = description
        self.language = language
        self._defs: list[str] = []
        self._body: list[str] = []
        # Ids must be unique on a web page with several charts: derive them from the content.
        # Two drawings of one chart (``variant``: one for narrow screens) need ids of their own.
        seed = f"{title}\x00{description}".encode()
        self.id = "kk-chart-" + hashlib.blake2s(seed, digest_size=5).hexdigest()
        if variant:
            self.id += f"-{variant}"

    # -- elements ---------------------------------------------------------------------
    def element(self, tag: str, **attrs: object) -> None:
        self._body.append(f"<{tag}{_attributes(attrs)}/>")

    def rect(self, x: float, y: float, width: float, height: float, **attrs: object) -> None:
        self.element("rect", x=x, y=y, width=max(width, 0), height=max(height, 0), **attrs)

    def line(self, x1: float, y1: float, x2: float, y2: float, **attrs: object) -> None:
        self.element("line", x1=x1, y1=y1, x2=x2, y2=y2, **attrs)

    def circle(self, cx: float, cy: float, r: float, **attrs: object) -> None:
        self.element("circle", cx=cx, cy=cy, r=r, **attrs)

    def polygon(self, pairs: Iterable[tuple[float, float]], **attrs: object) -> None:
        self.element("polygon", points=points(pairs), **attrs)

    def path(self, d: str, **attrs: object) -> None:
        self.element("path", d=d, **attrs)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: float = 12,
        anchor: str = "start",
        weight: str = "",
        fill: str = TEXT,
        middle: bool = False,
        **attrs: object,
    ) -> None:
        """A line of text; ``y`` is the baseline, or the vertical centre when ``middle``."""
        if middle:
            y += size * 0.36
        attributes = _attributes(
            {
                "x": x,
                "y": y,
                "font-size": size,
                "text-anchor": "" if anchor == "start" else anchor,
                "font-weight": weight,
                "fill": fill,
                **attrs,
            }
        )
        self._body.append(f"<text{attributes}>{escape(content)}</text>")

    def lines(
        self,
        x: float,
        y: float,
        lines: Sequence[str],
        *,
        size: float = 12,
        leading: float = 1.25,
        **attrs: object,
    ) -> None:
        """Several lines of text centred vertically on ``y``."""
        top = y - (len(lines) - 1) * size * leading / 2
        for index, content in enumerate(lines):
            self.text(x, top + index * size * leading, content, size=size, middle=True, **attrs)

    def marker(self, shape: str, x: float, y: float, size: float, **attrs: object) -> None:
        """A data point of the given shape, ``size`` across."""
        h = size / 2
        if shape == "square":
            self.rect(x - h * 0.9, y - h * 0.9, h * 1.8, h * 1.8, **attrs)
        elif shape == "triangle":
            self.polygon(
                [(x, y - h * 1.15), (x + h * 1.05, y + h * 0.75), (x - h * 1.05, y + h * 0.75)],
                **attrs,
            )
        elif shape == "triangle-down":
            self.polygon(
                [(x, y + h * 1.15), (x + h * 1.05, y - h * 0.75), (x - h * 1.05, y - h * 0.75)],
                **attrs,
            )
        elif shape == "diamond":
            self.polygon(
                [(x, y - h * 1.25), (x + h * 1.25, y), (x, y + h * 1.25), (x - h * 1.25, y)],
                **attrs,
            )
        elif shape == "cross":
            t = h * 0.4
            self.polygon(
                [
                    (x - t, y - h), (x + t, y - h), (x + t, y - t), (x + h, y - t),
                    (x + h, y + t), (x + t, y + t), (x + t, y + h), (x - t, y + h),
                    (x - t, y + t), (x - h, y + t), (x - h, y - t), (x - t, y - t),
                ],
                **attrs,
            )  # fmt: skip
        else:
            self.circle(x, y, h, **attrs)

    def arrowhead(self, x: float, y: float, angle: float, size: float = 7, **attrs: object) -> None:
        """A filled arrowhead with its tip at (x, y), pointing in direction ``angle`` (radians)."""
        back_x, back_y = x - size * math.cos(angle), y - size * math.sin(angle)
        side_x, side_y = -math.sin(angle) * size * 0.45, math.cos(angle) * size * 0.45
        self.polygon(
            [(x, y), (back_x + side_x, back_y + side_y), (back_x - side_x, back_y - side_y)],
            **attrs,
        )

    def hatch(self) -> str:
        """The id of a diagonal hatch pattern (for suppressed values)."""
        pattern_id = f"{self.id}-hatch"
        if not self._defs:
            self._defs.append(
                f'<pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse"'
                ' patternTransform="rotate(45)">'
                f'<rect width="6" height="6" fill="{SUPPRESSED_FILL}"/>'
                f'<line x1="0" y1="0" x2="0" y2="6" stroke="{SUPPRESSED_LINE}" stroke-width="2"/>'
                "</pattern>"
            )
        return f"url(#{pattern_id})"

    def open_group(self, **attrs: object) -> None:
        self._body.append(f"<g{_attributes(attrs)}>")

    def close_group(self) -> None:
        self._body.append("</g>")

    # -- output ------------------------------------------------------------------------
    def render(self) -> str:
        head = _attributes(
            {
                "width": self.width,
                "height": self.height,
                "viewBox": f"0 0 {number(self.width)} {number(self.height)}",
                "role": "img",
                "aria-labelledby": f"{self.id}-title",
                "aria-describedby": f"{self.id}-desc",
                "lang": self.language,
                "font-family": FONT_FAMILY,
                "font-size": 12,
            }
        )
        defs = f"<defs>{''.join(self._defs)}</defs>" if self._defs else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg"{head}>'
            f'<title id="{self.id}-title">{escape(self.title)}</title>'
            f'<desc id="{self.id}-desc">{escape(self.description)}</desc>'
            f"{defs}"
            f'<rect width="{number(self.width)}" height="{number(self.height)}" fill="{SURFACE}"/>'
            + "".join(self._body)
            + "</svg>"
        )
