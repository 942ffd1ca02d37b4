import pytest


@pytest.fixture(autouse=True)
def _english(settings):
    # The tests read English texts; German translations may arrive in the .po file any time.
    settings.LANGUAGE_CODE = "en"
