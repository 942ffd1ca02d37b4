"""What the organisations app adds to the render-every-template test (tests/test_templates.py):
a page's document links (``organisations.downloads``) for ``documents/_downloads.html``."""

from kommunalkompass.organisations.downloads import Download, DownloadLink


def extend(context: dict) -> None:
    context["downloads"] = [
        Download(
            title="Teamliste",
            description="Mitglieder mit Rolle und Fachbereich.",
            links=(
                DownloadLink("pdf", "PDF", "/o/musterort/team.pdf"),
                DownloadLink("docx", "Word (DOCX)", "/o/musterort/team.docx"),
            ),
        )
    ]
