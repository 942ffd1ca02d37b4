"""Read a form out of a rendered page the way a browser submits it, to post it back.

A test that builds its POST data by hand sends what the test author meant, not what the
page offers; this sends what the page offers: the values of the inputs a browser would
submit unchanged (checked boxes only, the selected options, the text of text areas, and
nothing where the browser drops a value its input type cannot hold).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}
# The HTML value sanitisation algorithm: a browser drops a value its input type cannot hold
# (a date input given "31.12.2025" shows an empty field and submits "").
VALID = {
    "date": re.compile(r"\d{4,}-\d{2}-\d{2}"),
    "month": re.compile(r"\d{4,}-\d{2}"),
    "week": re.compile(r"\d{4,}-W\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "datetime-local": re.compile(r"\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "number": re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?"),
    "range": re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?"),
}


def sanitised(kind: str, value: str) -> str:
    """The value a browser keeps in an input of type ``kind`` given ``value``."""
    pattern = VALID.get(kind)
    return value if pattern is None or pattern.fullmatch(value) else ""


class _FormReader(HTMLParser):
    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.found = False
        self.inside = False
        self.values: dict[str, list[str]] = {}
        self.shown: dict[str, str] = {}  # the value attribute as written, before sanitising
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form" and not self.found and attributes.get("action") == self.action:
            self.found = self.inside = True
            return
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = attributes.get("type", "text").lower()
            if kind in SKIPPED_TYPES:
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.shown.setdefault(name, attributes.get("value", default))
            value = sanitised(kind, attributes.get("value", default))
            self.values.setdefault(name, []).append(value)
        elif tag == "select" and name and "disabled" not in attributes:
            self._select = {"name": name, "multiple": "multiple" in attributes, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attributes.get("value"),
                "selected": "selected" in attributes,
                "text": "",
            }
            self._select["options"].append(self._option)
        elif tag == "textarea" and name and "disabled" not in attributes:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]  # a browser submits the first option of a single select
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self.values.setdefault(self._select["name"], []).append(value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline right after <textarea>.
            text = self._textarea["text"]
            text = text[1:] if text.startswith("\n") else text
            self.values.setdefault(self._textarea["name"], []).append(text)
            self._textarea = None


def form_values(html: str, action: str) -> dict[str, list[str]]:
    """The values the form posting to ``action`` submits when sent unchanged."""
    reader = _FormReader(action)
    reader.feed(html)
    reader.close()
    assert reader.found, f"no form posting to {action} on the page"
    return reader.values


def input_value(html: str, action: str, name: str) -> str | None:
    """The ``value`` attribute of the input ``name`` of the form posting to ``action``."""
    reader = _FormReader(action)
    reader.feed(html)
    reader.close()
    assert reader.found, f"no form posting to {action} on the page"
    return reader.shown.get(name)
