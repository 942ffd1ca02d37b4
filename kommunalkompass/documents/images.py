"""Uploaded images are decoded and drawn anew before they are stored (the organisation's logo).

A file that merely starts like an image is no image: "a PNG signature followed by HTML"
passed the old check by its first bytes and then broke every PDF that printed it. Here
the size is read from the header (and refused above ``MAX_SIDE`` pixels, before anything
is decoded: no decompression bomb reaches the decoder), the image is decoded by Typst, the
compiler the project already ships, and written out as a fresh PNG of at most
``OUTPUT_MAX_SIDE`` pixels. What is stored is only what Typst drew: no trailing bytes, no
metadata, no second file hidden behind the first. A file Typst cannot decode is refused
with a message.

The compilation root is an empty temporary folder holding only the upload, so the image
can read no other file.
"""

from __future__ import annotations

import logging
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import typst

logger = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
# Largest width and height accepted (a logo is a small picture; 4,096² pixels decode to 64 MB).
MAX_SIDE = 4096
# Longest side of the stored PNG: sharp at 18 mm on a title page at 600 dpi and more.
OUTPUT_MAX_SIDE = 1200

_SOURCE = b"""#let (width, height) = (float(sys.inputs.width), float(sys.inputs.height))
#set page(width: width * 1pt, height: height * 1pt, margin: 0pt, fill: none)
#image(sys.inputs.file, format: sys.inputs.format, width: 100%, height: 100%, fit: "stretch")
"""
# JPEG start-of-frame markers (SOF0-SOF15 without DHT, JPG and DAC) carry height and width.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


class ImageError(ValueError):
    """The upload is no image that can be used; ``code`` says why (``format``, ``size``,
    ``unreadable``), ``width`` and ``height`` are the declared size where it was read."""

    def __init__(self, code: str, *, width: int = 0, height: int = 0) -> None:
        super().__init__(code)
        self.code, self.width, self.height = code, width, height


@dataclass(frozen=True)
class ImageHeader:
    kind: str  # "png" or "jpg"
    width: int
    height: int


def _png_header(data: bytes) -> ImageHeader:
    # The IHDR chunk comes first: length 13, type, width, height (big-endian).
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise ImageError("unreadable")
    width, height = struct.unpack(">II", data[16:24])
    return ImageHeader("png", width, height)


def _jpeg_header(data: bytes) -> ImageHeader:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise ImageError("unreadable")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in _JPEG_FRAMES:
            if position + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return ImageHeader("jpg", width, height)
        if marker == 0xDA or length < 2:  # image data before any frame: not a JPEG we read
            break
        position += 2 + length
    raise ImageError("unreadable")


def image_header(data: bytes) -> ImageHeader:
    """Kind and pixel size of a PNG or JPEG from its header; ``ImageError`` for others."""
    if data.startswith(PNG_SIGNATURE):
        header = _png_header(data)
    elif data.startswith(JPEG_SIGNATURE):
        header = _jpeg_header(data)
    else:
        raise ImageError("format")
    if header.width < 1 or header.height < 1:
        raise ImageError("unreadable")
    if max(header.width, header.height) > MAX_SIDE:
        raise ImageError("size", width=header.width, height=header.height)
    return header


def redrawn_png(data: bytes) -> bytes:
    """The image decoded and written anew as PNG (at most ``OUTPUT_MAX_SIDE`` pixels on its
    longer side, transparency kept); ``ImageError`` when it is no usable PNG or JPEG."""
    header = image_header(data)
    scale = min(1.0, OUTPUT_MAX_SIDE / max(header.width, header.height))
    width = max(1, round(header.width * scale))
    height = max(1, round(header.height * scale))
    name = f"upload.{header.kind}"
    try:
        with tempfile.TemporaryDirectory(prefix="kk-image-") as root:
            (Path(root) / name).write_bytes(data)
            png = typst.compile(
                _SOURCE,
                root=root,
                format="png",
                ppi=72.0,  # one point is one pixel
                sys_inputs={
                    "file": name,
                    "format": header.kind,
                    "width": str(width),
                    "height": str(height),
                },
            )
    except BaseException as error:
        # A panic inside Typst's decoder arrives as pyo3's PanicException, which derives
        # from BaseException; it must become a refusal, not end the worker.
        if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
            raise
        logger.info("An uploaded image could not be decoded: %s", error)
        raise ImageError("unreadable") from error
    if not isinstance(png, bytes) or not png.startswith(PNG_SIGNATURE):
        raise ImageError("unreadable")
    return png
