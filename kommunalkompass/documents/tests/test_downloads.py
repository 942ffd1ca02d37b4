"""A document as a file: its name and the response that sends it."""

import datetime

from kommunalkompass.documents.downloads import document_filename, document_response
from kommunalkompass.documents.model import Document, Metadata


def test_file_name_keeps_umlauts_and_drops_unsafe_characters():
    document = Document(
        meta=Metadata(title='Maßnahmen: Übersicht / "Entwurf"?', date=datetime.date(2026, 11, 26)),
        blocks=[],
    )
    assert document_filename(document, "pdf") == "Maßnahmen-_Übersicht_-_-Entwurf_2026-11-26.pdf"


def test_umlauts_in_the_file_name_are_sent_as_utf8():
    document = Document(
        meta=Metadata(title="Maßnahmenübersicht", date=datetime.date(2026, 11, 26)), blocks=[]
    )
    response = document_response(document, "xlsx")
    disposition = response["Content-Disposition"]
    assert "filename*=utf-8''Ma%C3%9Fnahmen%C3%BCbersicht_2026-11-26.xlsx" in disposition
