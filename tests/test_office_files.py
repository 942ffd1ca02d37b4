"""Guard: every Word and Excel file the product makes opens in LibreOffice.

People edit the DOCX documents in Word or LibreOffice and open the XLSX workbooks in Excel
or LibreOffice Calc; a file an office suite has to repair (or cannot open) must never ship.
With the demo data loaded, this test follows the links from Stadt Musterstadt's pages as
its admin (``tests/pages.crawl``), downloads one file of every registered DOCX and XLSX
document (``organisations.downloads.registered_documents``: a new module's documents are
checked without editing this test) and converts them all to PDF with LibreOffice headless
(Debian's ``libreoffice-writer-nogui`` and ``libreoffice-calc-nogui``, installed by
``.ci/run``). Each file must convert, and the PDF must carry text.

Without LibreOffice the test is skipped with the reason; CI requires it to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from kommunalkompass.accounts.models import User
from kommunalkompass.organisations.downloads import registered_documents
from tests.pages import crawl, links_of

pytestmark = pytest.mark.django_db

HOME = "/o/musterstadt/"
OFFICE_FORMATS = ("docx", "xlsx")
IMPORT_FILTERS = {"docx": "MS Word 2007 XML", "xlsx": "Calc MS Excel 2007 XML"}
# Generous for a loaded CI machine: LibreOffice starts once and converts every file.
TIMEOUT_S = 600


def _require(program: str, package: str) -> str:
    path = shutil.which(program)
    if path is None:
        message = f"{program} is missing: apt-get install {package}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _office_downloads(client) -> dict[str, str]:
    """``{URL name: one linked URL}`` for every registered DOCX and XLSX document."""
    office = {
        document.url_name
        for document in registered_documents()
        if document.extension in OFFICE_FORMATS
    }
    found: dict[str, str] = {}
    for html in crawl(client, HOME, per_route=3).values():
        for href in links_of(html):
            path = urlsplit(href).path
            try:
                name = resolve(path).view_name
            except Resolver404:
                continue
            if name in office:
                found.setdefault(name, href)
    return found


def test_every_docx_and_xlsx_opens_and_converts_in_libreoffice(client, tmp_path):
    soffice = _require("soffice", "libreoffice-writer-nogui libreoffice-calc-nogui")
    pdftotext = _require("pdftotext", "poppler-utils")
    call_command("demo", stdout=StringIO())
    client.force_login(User.objects.get(email="admin@musterstadt.example"))

    downloads = _office_downloads(client)
    assert downloads, "the demo links no DOCX or XLSX document"
    files: dict[Path, str] = {}
    source = tmp_path / "files"
    source.mkdir()
    for number, (name, url) in enumerate(sorted(downloads.items()), start=1):
        response = client.get(url)
        assert response.status_code == 200, f"{name} ({url}) answered {response.status_code}"
        extension = urlsplit(url).path.rsplit(".", 1)[-1]
        path = source / f"{number:03d}-{name.replace(':', '-')}.{extension}"
        path.write_bytes(response.content)
        files[path] = f"{name} ({url})"

    problems = []
    logs = []
    for extension, import_filter in IMPORT_FILTERS.items():
        batch = [path for path in files if path.suffix == f".{extension}"]
        if not batch:
            continue
        output = tmp_path / f"pdf-{extension}"
        # The import filter is named: a file that is not a valid workbook or document must
        # fail, not be opened as plain text.
        result = subprocess.run(  # noqa: S603
            [
                soffice,
                f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                f"--infilter={import_filter}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(output),
                *map(str, batch),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        logs += [result.stdout, result.stderr]
        for path in batch:
            pdf = output / f"{path.stem}.pdf"
            if not pdf.exists() or pdf.stat().st_size == 0:
                problems.append(f"{files[path]}: LibreOffice could not open it")
                continue
            text = subprocess.run(  # noqa: S603
                [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            if not text.strip():
                problems.append(f"{files[path]}: the PDF LibreOffice made of it is empty")
    assert not problems, "\n".join([*problems, *logs])


def test_a_broken_file_fails_the_conversion(tmp_path):
    """The check above can fail: LibreOffice refuses what is not a document."""
    soffice = _require("soffice", "libreoffice-writer-nogui libreoffice-calc-nogui")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"Kein Arbeitsblatt")
    subprocess.run(  # noqa: S603
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            f"--infilter={IMPORT_FILTERS['xlsx']}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(broken),
        ],
        capture_output=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert not (tmp_path / "broken.pdf").exists()
