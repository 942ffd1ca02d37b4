"""The storage of the static files in production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed files with hashed names, each URL looked up once per process:
    the manifest does not change while the process runs, and every page asks for the same
    seven URLs (``{% static %}`` looks the name up in the manifest and parses and joins URLs
    each time: a ninth of the survey page's rendering)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
