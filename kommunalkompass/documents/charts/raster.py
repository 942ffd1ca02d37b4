"""PNG from our SVG, through the Typst compiler the project already ships (no new dependency).

A two-line Typst document places the SVG (passed as data through ``sys.inputs``, never as
markup) on a page of exactly its size, and Typst rasterises it. The compilation root is an
empty temporary folder, so nothing on disk can be read; Typst's SVG reader also refuses
linked files, and our SVG contains none.

The fonts are the PDF's (Source Sans Pro from the ``font-source-sans-pro`` package), so a
chart looks the same in the DOCX as in the PDF; the machine's fonts stand behind it for
glyphs it lacks. They are scanned once per process.
"""

from __future__ import annotations

import functools
import logging
import tempfile

import typst

logger = logging.getLogger(__name__)

_SOURCE = b"""#set page(width: auto, height: auto, margin: 0pt)
#image(bytes(sys.inputs.svg), format: "svg", width: float(sys.inputs.width) * 1pt)
"""


class ChartRenderError(RuntimeError):
    """A chart could not be rasterised (the cause is chained and logged)."""


@functools.cache
def _fonts() -> typst.Fonts:
    folders = []
    try:
        import font_source_sans_pro

        folders.append(str(font_source_sans_pro.font_directory))
    except ImportError:  # pragma: no cover - the system's sans-serif fonts take over
        logger.warning("font-source-sans-pro is missing: chart PNGs use the system fonts.")
    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=True, font_paths=folders)


def svg_to_png(svg: str, width: float, *, title: str, scale: float = 2.0) -> bytes:
    """The SVG as PNG, ``width`` units wide at ``scale`` pixels per unit.

    Our charts are 720 units wide, so the default gives 1440 pixels: sharp at the full text
    width of an A4 page.
    """
    try:
        with tempfile.TemporaryDirectory(prefix="kk-chart-") as root:
            return typst.compile(
                _SOURCE,
                root=root,
                format="png",
                ppi=72 * scale,
                font_paths=_fonts(),
                sys_inputs={"svg": svg, "width": str(width)},
            )
    except BaseException as error:
        # A panic inside Typst's SVG reader arrives as pyo3's PanicException, which derives
        # from BaseException; it must become an ordinary error, not end the worker.
        if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
            raise
        logger.exception("Rasterising the chart %r failed", title)
        raise ChartRenderError(f"Could not draw the chart {title!r} as PNG: {error}") from error
