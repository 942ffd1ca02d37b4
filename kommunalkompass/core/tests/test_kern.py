"""KERN, the design system of German public administration, is vendored with its licence and
version, loaded from this site only, and its fonts are all there."""

import re
from pathlib import Path

import pytest
from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "kern"


def test_kern_is_vendored_with_licence_and_version():
    version = (VENDOR / "VERSION").read_text()
    assert re.match(r"@kern-ux/native \d+\.\d+\.\d+ \(EUPL-1\.2\)", version)
    assert "EUROPÄISCHE UNION PUBLIC LICENCE v. 1.2" in (VENDOR / "LICENSE.md").read_text()
    assert "SIL OPEN FONT LICENSE" in (VENDOR / "fonts" / "OFL.txt").read_text()
    css = (VENDOR / "kern.min.css").read_text()
    assert "--kern-color-action-default" in css
    assert "http://" not in css.replace("http://www.w3.org", "") and "https://" not in css


def test_every_font_the_stylesheet_names_is_there():
    fonts = re.findall(r'url\("([^"]+)"\)', (VENDOR / "fonts.css").read_text())
    assert len(fonts) >= 4
    for font in fonts:
        assert (VENDOR / font).is_file(), font


@pytest.mark.django_db
def test_every_page_loads_kern_before_the_products_stylesheet_in_the_light_theme(client):
    html = client.get("/accounts/login/").content.decode()
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert [Path(sheet).name for sheet in sheets] == ["fonts.css", "kern.min.css", "kompass.css"]
    assert all(sheet.startswith("/static/") for sheet in sheets)
    assert 'data-kern-theme="light"' in html


# The product's class names that KERN's replaced (docs/design-system.md has the sed script
# that maps a template written with them).
REPLACED_CLASSES = {
    "button": "kern-btn kern-btn--primary",
    "button--secondary": "kern-btn--secondary",
    "button--danger": "kk-btn--danger",
    "button--small": "kern-btn--x-small",
    "button--large": "kern-btn--block",
    "table": "kern-table",
    "num": "kern-table__header--numeric / kern-table__cell--numeric",
    "message": "kern-alert",
    "callout": "kern-alert",
    "visually-hidden": "kern-sr-only",
    "field__help": "kern-hint",
    "field__error": "kern-error",
}
CLASS_ATTRIBUTE = re.compile(r'class(?:Name)?\s*=\s*"([^"]*)"')


def test_no_template_uses_a_class_name_that_kern_replaced():
    root = Path(settings.BASE_DIR)
    sources = [*root.glob("**/templates/**/*.html"), *root.glob("static/js/*.js")]
    found = []
    for source in sources:
        for value in CLASS_ATTRIBUTE.findall(source.read_text()):
            plain = re.sub(r"\{[{%].*?[%}]\}", " ", value)  # template tags are not classes
            for name in plain.split():
                if name in REPLACED_CLASSES or name.startswith("message--"):
                    found.append(f"{source.relative_to(root)}: {name}")
    assert not found, "replace with KERN's classes (docs/design-system.md):\n" + "\n".join(found)
