"""Uploaded images are decoded and drawn anew (documents.images): only what the decoder drew
is kept, and what cannot be decoded, or is too large, is refused before it is stored."""

import struct

import pytest

from kommunalkompass.documents.images import (
    MAX_SIDE,
    OUTPUT_MAX_SIDE,
    ImageError,
    image_header,
    redrawn_png,
)

from .images import JPEG, png

HOSTILE_HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def test_a_png_signature_followed_by_html_is_refused():
    with pytest.raises(ImageError) as error:
        redrawn_png(b"\x89PNG\r\n\x1a\n" + HOSTILE_HTML)
    assert error.value.code == "unreadable"


def test_a_png_with_a_broken_image_stream_is_refused():
    with pytest.raises(ImageError) as error:
        redrawn_png(png(40, 20, idat=b"not deflate data"))
    assert error.value.code == "unreadable"


def test_what_follows_the_image_is_not_kept():
    redrawn = redrawn_png(png(40, 20) + HOSTILE_HTML)

    assert redrawn.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"<script>" not in redrawn
    assert image_header(redrawn) == image_header(png(40, 20))


def test_a_jpeg_is_stored_as_png_of_the_same_size():
    redrawn = redrawn_png(JPEG)

    assert image_header(JPEG).kind == "jpg"
    header = image_header(redrawn)
    assert (header.kind, header.width, header.height) == ("png", 12, 6)


def test_other_formats_are_refused():
    for data in (b"GIF89a" + b"\x00" * 20, b"<svg xmlns='http://www.w3.org/2000/svg'/>", b""):
        with pytest.raises(ImageError) as error:
            redrawn_png(data)
        assert error.value.code == "format"


def test_a_huge_image_is_refused_by_its_header_before_it_is_decoded(monkeypatch):
    # The header alone says 60,000 × 60,000 pixels; the decoder must never see it.
    bomb = png(1, 1)[:16] + struct.pack(">II", 60_000, 60_000) + png(1, 1)[24:]
    monkeypatch.setattr("typst.compile", lambda *a, **k: pytest.fail("decoded"))
    with pytest.raises(ImageError) as error:
        redrawn_png(bomb)
    assert (error.value.code, error.value.width, error.value.height) == ("size", 60_000, 60_000)
    with pytest.raises(ImageError):
        redrawn_png(png(MAX_SIDE + 1, 1))


def test_a_large_image_is_drawn_smaller():
    header = image_header(redrawn_png(png(2400, 600)))

    assert (header.width, header.height) == (OUTPUT_MAX_SIDE, OUTPUT_MAX_SIDE // 4)
