"""The production storage of static files gives the hashed URLs of its manifest, looked up
once per name."""

import pytest

from kommunalkompass.core.storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False  # hashed names are used only when DEBUG is off
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    storage.hashed_files = {"css/kompass.css": "css/kompass.0123456789ab.css"}
    return storage


def test_a_url_names_the_hashed_file_of_the_manifest(storage):
    assert storage.url("css/kompass.css") == "/static/css/kompass.0123456789ab.css"


def test_a_url_is_looked_up_once_per_process(storage):
    first = storage.url("css/kompass.css")
    storage.hashed_files = {"css/kompass.css": "css/kompass.ba9876543210.css"}
    assert storage.url("css/kompass.css") == first
    # force=True asks the manifest again (collectstatic's own use).
    assert storage.url("css/kompass.css", force=True) == "/static/css/kompass.ba9876543210.css"


def test_a_file_missing_from_the_manifest_is_an_error_every_time(storage):
    for _attempt in range(2):
        with pytest.raises(ValueError, match="css/missing.css"):
            storage.url("css/missing.css")
