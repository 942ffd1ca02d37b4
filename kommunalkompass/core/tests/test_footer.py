"""The operator's Impressum and privacy notice are linked on every page, public ones too."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from kommunalkompass.config.settings import footer_link

PUBLIC_PAGES = ["/accounts/login/", "/quick-check/", "/accounts/password-reset/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_the_footer_links_the_imprint_and_privacy_notice(client, settings, path):
    settings.IMPRINT_URL = "https://www.musterstadt.de/impressum"
    settings.PRIVACY_URL = "/datenschutz/"

    html = client.get(path, HTTP_ACCEPT_LANGUAGE="de").content.decode()

    footer = html[html.index('<footer class="site-footer">') :]
    assert '<a href="https://www.musterstadt.de/impressum">Impressum</a>' in footer
    assert '<a href="/datenschutz/">Datenschutz</a>' in footer


@pytest.mark.django_db
def test_without_settings_the_footer_has_no_such_links(client, settings):
    settings.IMPRINT_URL = ""
    settings.PRIVACY_URL = ""

    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert "Impressum" not in html
    assert "Datenschutz<" not in html


@pytest.mark.parametrize(
    "value",
    ["https://www.musterstadt.de/impressum", "http://intranet/impressum", "/impressum/", ""],
)
def test_an_address_or_a_path_is_accepted(monkeypatch, value):
    monkeypatch.setenv("IMPRINT_URL", value)
    assert footer_link("IMPRINT_URL") == value


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "www.musterstadt.de/impressum", "//evil.example/", "ftp://x/y"]
)
def test_anything_else_is_refused_naming_the_setting(monkeypatch, value):
    monkeypatch.setenv("PRIVACY_URL", value)
    with pytest.raises(ImproperlyConfigured, match="PRIVACY_URL"):
        footer_link("PRIVACY_URL")
