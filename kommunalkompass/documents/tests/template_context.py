"""What the documents app's templates need in the render-every-template test (core/tests)."""

from kommunalkompass.documents.downloads import Download, DownloadLink


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
