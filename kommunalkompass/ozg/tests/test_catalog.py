"""The OZG catalog import: the real 2019 catalog, crafted bad files, XLSX, the shipped catalog."""

import csv
import io
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from kommunalkompass.documents.tests.workbooks import (
    SHEET,
    billion_laughs_sheet,
    entity_sheet,
    row_bomb,
    with_parts,
)
from kommunalkompass.organisations.tests.factories import OrganisationFactory
from kommunalkompass.ozg.catalog import (
    COLUMNS,
    SHIPPED_CATALOG,
    CatalogFileError,
    CatalogRowsError,
    catalog_apply,
    catalog_import,
    catalog_parse,
    catalog_parse_file,
    load_shipped_catalog,
)
from kommunalkompass.ozg.models import (
    Lebenslage,
    OzgLeistung,
    ServiceState,
    Themenfeld,
    Verwaltungsleistung,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
REAL_FILE = REPO_ROOT.parent / "shared" / "data" / "ozg-catalog-2019.csv"

THEMENFELDER = [
    "Arbeit & Ruhestand",
    "Bauen & Wohnen",
    "Bildung",
    "Ein- & Auswanderung",
    "Engagement & Hobby",
    "Familie & Kind",
    "Forschung & Förderung",
    "Gesundheit",
    "Mobilität & Reisen",
    "Querschnitt",
    "Recht & Ordnung",
    "Steuern & Zoll",
    "Umwelt",
    "Unternehmensführung & -entwicklung",
]
NOT_IN_LEIKA = "no key in the federal service catalog (LeiKa)"
NO_OZG = "belongs to no OZG-Leistung"

HEADER = ",".join(COLUMNS)
# Rows copied from the real catalog, its trailing space and a double space included.
ABBRUCH = (
    "Bauen & Wohnen,Bauen & Immobilien,10513,Abbruchgenehmigung,99012001000000,"
    "Abbruchgenehmigung,4,"
)
ABBRUCH_ERTEILUNG = (
    "Bauen & Wohnen,Bauen & Immobilien,10513,Abbruchgenehmigung,99012001001000,"
    "Abbruchgenehmigung Erteilung,4,"
)
SCHULDNER = (
    "Querschnitt ,Querschnitt Unternehmen,10569,Schuldnerverzeichnis,99046029000000,"
    "Abdrucke aus dem  Schuldnerverzeichnis ,2/3,ZPO"
)
ROWS = [ABBRUCH, ABBRUCH_ERTEILUNG, SCHULDNER]


def write_csv(directory: Path, rows: list[str], header: str = HEADER, name="catalog.csv") -> Path:
    path = directory / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def catalog_counts() -> tuple[int, int, int, int]:
    return (
        Themenfeld.objects.count(),
        Lebenslage.objects.count(),
        OzgLeistung.objects.count(),
        Verwaltungsleistung.objects.count(),
    )


def clear_catalog() -> None:
    Verwaltungsleistung.objects.all().delete()
    OzgLeistung.objects.all().delete()
    Lebenslage.objects.all().delete()
    Themenfeld.objects.all().delete()


# The real 2019 catalog: parsed once per module, imported once per class.


@pytest.fixture(scope="module")
def real_parse():
    if not REAL_FILE.is_file():
        pytest.skip(f"the real OZG catalog is not available at {REAL_FILE}")
    # Module and class fixtures run before the autouse fixture that switches to English.
    with translation.override("en"):
        return catalog_parse_file(path=REAL_FILE)


def test_real_catalog_is_read_with_its_quirks(real_parse):
    assert real_parse.row_count == 5251
    assert len(real_parse.leistungen) == 557
    assert sorted(real_parse.themenfelder) == THEMENFELDER  # "Querschnitt " lost its space
    assert len(real_parse.lebenslagen) == 55
    assert len(real_parse.services) == 4797
    assert real_parse.accepted_rows == 4797
    assert not real_parse.has_jurisdiction
    # 24 OZG-Leistungen are known only from rows whose LeiKa key is "nicht im LeiKa".
    assert len(real_parse.leistungen_without_services) == 24
    assert "10013" in real_parse.leistungen_without_services


def test_real_catalog_rejects_every_bad_row_with_its_line_and_reason(real_parse):
    errors = real_parse.errors
    assert len(errors) == 454
    assert sum(NOT_IN_LEIKA in error.reason for error in errors) == 436
    without_ozg = [error for error in errors if NO_OZG in error.reason]
    assert len(without_ozg) == 26  # the rows without Themenfeld, Lebenslage and OZG-ID
    assert sum(NOT_IN_LEIKA in error.reason for error in without_ozg) == 10
    by_line = {error.line: error.reason for error in errors}
    assert NOT_IN_LEIKA in by_line[2]  # the first data row: the header is line 1
    assert NO_OZG in by_line[211]
    assert by_line[5251] == "LeiKa key 25323525 has 8 digits; a LeiKa key has 14"
    assert by_line[5252].startswith("LeiKa key 3233 has 4 digits; a LeiKa key has 14; ")
    assert "LeiKa type “44” is not a LeiKa type" in by_line[5252]
    assert str(errors[0]) == f"Line 2: {by_line[2]}"
    others = [
        error for error in errors if NOT_IN_LEIKA not in error.reason and NO_OZG not in error.reason
    ]
    assert [error.line for error in others] == [5251, 5252]


def test_real_catalog_keeps_long_legal_bases_whole(real_parse):
    assert Verwaltungsleistung._meta.get_field("legal_basis").max_length is None
    assert not real_parse.notes
    assert max(len(service.legal_basis) for service in real_parse.services) == 665


@pytest.mark.django_db
def test_real_catalog_all_or_nothing_saves_nothing(real_parse):
    with pytest.raises(CatalogRowsError) as raised:
        catalog_apply(parsed=real_parse)
    assert len(raised.value.errors) == 454
    text = raised.value.as_text()
    assert "454 of 5251 rows cannot be imported; nothing has been saved." in text
    assert "… and 404 more" in text
    assert catalog_counts() == (0, 0, 0, 0)


@pytest.fixture(scope="class")
def real_import(real_parse, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), translation.override("en"):
        summary = catalog_apply(parsed=real_parse, skip_invalid=True)
    yield summary
    with django_db_blocker.unblock():
        clear_catalog()


@pytest.mark.django_db
@pytest.mark.usefixtures("real_import")
class TestRealCatalogImport:
    def test_counts(self, real_import):
        assert catalog_counts() == (14, 55, 557, 4797)
        assert sorted(Themenfeld.objects.values_list("name", flat=True)) == THEMENFELDER
        assert [(counts.in_file, counts.created) for _label, counts in real_import.kinds] == [
            (14, 14),
            (55, 55),
            (557, 557),
            (4797, 4797),
        ]
        assert real_import.updated == 0
        assert len(real_import.rejected) == 454
        text = real_import.as_text()
        assert "ozg-catalog-2019.csv: 5251 rows, 4797 taken, 454 rejected." in text
        assert "24 OZG-Leistungen have no Verwaltungsleistung" in text

    def test_a_service_with_its_themenfeld_lebenslage_and_verwaltungsleistungen(self):
        leistung = OzgLeistung.objects.get(ozg_id="10569")
        assert leistung.name == "Schuldnerverzeichnis"
        assert leistung.themenfeld.name == "Querschnitt"
        assert leistung.lebenslage.name == "Querschnitt Unternehmen"
        assert leistung.lebenslage.themenfeld == leistung.themenfeld
        assert leistung.jurisdiction == ""  # the 2019 file has no such column
        service = leistung.verwaltungsleistungen.get(leika_key="99046029000000")
        assert (service.name, service.leika_type, service.legal_basis) == (
            "Abdrucke aus dem Schuldnerverzeichnis",
            "2/3",
            "ZPO",
        )

    def test_an_ozg_leistung_known_only_from_rejected_rows_is_kept(self):
        leistung = OzgLeistung.objects.get(ozg_id="10013")
        assert leistung.name == "Pflegekindervermittlung und Pflegekindergeld"
        assert not leistung.verwaltungsleistungen.exists()

    def test_every_stored_key_is_valid(self):
        assert all(
            re.fullmatch(r"[0-9]{14}", key)
            for key in Verwaltungsleistung.objects.values_list("leika_key", flat=True)
        )
        assert all(
            re.fullmatch(r"[0-9]{5}", ozg_id)
            for ozg_id in OzgLeistung.objects.values_list("ozg_id", flat=True)
        )

    def test_reimport_creates_and_changes_nothing(self, real_parse, django_assert_max_num_queries):
        before = list(Verwaltungsleistung.objects.order_by("id").values_list())
        with django_assert_max_num_queries(12):  # no query per row
            summary = catalog_apply(parsed=real_parse, skip_invalid=True)
        assert (summary.created, summary.updated) == (0, 0)
        assert summary.services.unchanged == 4797
        assert "Nothing was created or updated" in summary.as_text()
        assert list(Verwaltungsleistung.objects.order_by("id").values_list()) == before

    def test_shipped_catalog_over_the_full_one_only_sets_jurisdictions(self):
        shipped = catalog_parse_file(path=SHIPPED_CATALOG).leistungen
        still_open = set(
            OzgLeistung.objects.filter(ozg_id__in=shipped, jurisdiction="").values_list(
                "ozg_id", flat=True
            )
        )
        assert "10562" in still_open  # Führungszeugnis: LeiKa types 1 and 2/3
        summary = load_shipped_catalog()
        assert summary.created == 0
        # Only the jurisdictions the full catalog left open are set; nothing else changes.
        assert summary.leistungen.updated == len(still_open)
        assert summary.jurisdictions_kept == 0  # the shipped and the derived ones agree
        assert summary.services.updated == 0  # the shipped facts are the file's
        assert not OzgLeistung.objects.filter(ozg_id__in=shipped, jurisdiction="").exists()
        assert OzgLeistung.objects.get(ozg_id="10562").jurisdiction == "bund"


# Small files.


@pytest.mark.django_db
def test_small_file_is_imported_with_whitespace_normalised(tmp_path):
    summary = catalog_import(path=write_csv(tmp_path, ROWS))
    assert catalog_counts() == (2, 2, 2, 3)
    assert summary.created == 9
    assert Themenfeld.objects.filter(name="Querschnitt").exists()
    service = Verwaltungsleistung.objects.get(leika_key="99046029000000")
    assert service.name == "Abdrucke aus dem Schuldnerverzeichnis"
    assert service.leistung.ozg_id == "10569"


@pytest.mark.django_db
def test_second_import_creates_nothing_and_says_so(tmp_path):
    path = write_csv(tmp_path, ROWS)
    catalog_import(path=path)
    ids = sorted(Verwaltungsleistung.objects.values_list("id", flat=True))
    summary = catalog_import(path=path)
    assert (summary.created, summary.updated) == (0, 0)
    assert catalog_counts() == (2, 2, 2, 3)
    assert sorted(Verwaltungsleistung.objects.values_list("id", flat=True)) == ids
    assert "Nothing was created or updated: the catalog already matches the file." in (
        summary.as_text()
    )


@pytest.mark.django_db
def test_renamed_service_keeps_the_organisations_states(tmp_path):
    catalog_import(path=write_csv(tmp_path, ROWS))
    leistung = OzgLeistung.objects.get(ozg_id="10513")
    state = ServiceState.objects.create(
        organisation=OrganisationFactory(), leistung=leistung, notes="Antrag online seit 2023"
    )
    renamed = [
        row.replace(",Abbruchgenehmigung,99", ",Abbruch- und Rückbaugenehmigung,99") for row in ROWS
    ]
    summary = catalog_import(path=write_csv(tmp_path, renamed, name="renamed.csv"))
    assert (summary.leistungen.updated, summary.leistungen.created) == (1, 0)
    state.refresh_from_db()
    assert state.leistung_id == leistung.pk
    assert state.leistung.name == "Abbruch- und Rückbaugenehmigung"
    assert OzgLeistung.objects.count() == 2


@pytest.mark.django_db
def test_changed_verwaltungsleistung_is_updated_in_place(tmp_path):
    catalog_import(path=write_csv(tmp_path, ROWS))
    before = Verwaltungsleistung.objects.get(leika_key="99012001001000")
    changed = [
        ABBRUCH,
        ABBRUCH_ERTEILUNG.replace("Erteilung,4,", "Erteilung (neu),2/3,BauO"),
        SCHULDNER,
    ]
    summary = catalog_import(path=write_csv(tmp_path, changed, name="changed.csv"))
    assert (summary.services.updated, summary.services.unchanged) == (1, 2)
    after = Verwaltungsleistung.objects.get(pk=before.pk)
    assert (after.name, after.leika_type, after.legal_basis) == (
        "Abbruchgenehmigung Erteilung (neu)",
        "2/3",
        "BauO",
    )


@pytest.mark.django_db
def test_catalog_rows_missing_from_a_later_file_are_kept_and_counted(tmp_path):
    catalog_import(path=write_csv(tmp_path, ROWS))
    summary = catalog_import(path=write_csv(tmp_path, [ABBRUCH], name="smaller.csv"))
    assert catalog_counts() == (2, 2, 2, 3)
    assert (summary.leistungen.not_in_file, summary.services.not_in_file) == (1, 2)
    assert "Not in the file but kept in the catalog" in summary.as_text()


@pytest.mark.django_db
def test_a_row_without_themenfeld_and_lebenslage_is_valid(tmp_path):
    catalog_import(
        path=write_csv(tmp_path, [",,10244,Fundsachen,99089017000000,Fundsachen,2/3,BGB"])
    )
    leistung = OzgLeistung.objects.get(ozg_id="10244")
    assert (leistung.themenfeld, leistung.lebenslage) == (None, None)


@pytest.mark.django_db
def test_an_empty_themenfeld_cell_keeps_an_existing_assignment(tmp_path):
    catalog_import(path=write_csv(tmp_path, [ABBRUCH]))
    catalog_import(
        path=write_csv(
            tmp_path, [ABBRUCH.replace("Bauen & Wohnen,Bauen & Immobilien,", ",,")], name="b.csv"
        )
    )
    assert OzgLeistung.objects.get(ozg_id="10513").themenfeld.name == "Bauen & Wohnen"


BAD_ROWS = [
    (ABBRUCH.replace("10513", "1051"), "OZG-ID “1051” is not a number of 5 digits"),
    (ABBRUCH.replace("10513", ""), "the OZG-ID (ozg_id) is empty"),
    (ABBRUCH.replace(",Abbruchgenehmigung,99", ",,99"), "ozg_leistung) is empty"),
    (ABBRUCH.replace("99012001000000", "nicht im LeiKa"), NOT_IN_LEIKA),
    (ABBRUCH.replace("99012001000000", "99012001"), "LeiKa key 99012001 has 8 digits"),
    (ABBRUCH.replace("99012001000000", '"9,9012E+13"'), "shortened by a spreadsheet program"),
    (ABBRUCH.replace("99012001000000", "99O12001000000"), "is not a number of 14 digits"),
    (ABBRUCH.replace("99012001000000", ""), "the LeiKa key (leika_key) is empty"),
    (ABBRUCH.replace(",Abbruchgenehmigung,4,", ",,4,"), "Verwaltungsleistung (leistung) is empty"),
    (ABBRUCH.replace(",4,", ",44,"), "LeiKa type “44” is not a LeiKa type"),
    (ABBRUCH + ",extra", "9 columns, expected 8"),
    (ABBRUCH.rsplit(",", 1)[0], "7 columns, expected 8"),
    (
        ABBRUCH_ERTEILUNG.replace("Abbruchgenehmigung,99", "Abriss,99"),
        "contradicts “Abbruchgenehmigung”",
    ),
    (
        ABBRUCH_ERTEILUNG.replace("Bauen & Wohnen,Bauen", "Umwelt,Bauen"),
        "themenfeld “Umwelt” contradicts",
    ),
    (
        ABBRUCH.replace("Abbruchgenehmigung,4,", "Abbruch,4,"),
        "lists LeiKa key 99012001000000 twice (first on line 2)",
    ),
]


@pytest.mark.parametrize(("bad_row", "reason"), BAD_ROWS)
def test_a_bad_row_is_reported_with_its_line_and_reason(bad_row, reason):
    data = "\n".join([HEADER, ABBRUCH, bad_row, SCHULDNER]).encode()
    parsed = catalog_parse(data=data, filename="catalog.csv")
    assert [error.line for error in parsed.errors] == [3]
    assert reason in parsed.errors[0].reason
    assert len(parsed.services) == 2


@pytest.mark.django_db
def test_a_bad_row_saves_nothing_unless_skip_invalid(tmp_path):
    path = write_csv(
        tmp_path,
        [ABBRUCH, ABBRUCH_ERTEILUNG.replace("99012001001000", "nicht im LeiKa"), SCHULDNER],
    )
    with pytest.raises(CatalogRowsError) as raised:
        catalog_import(path=path)
    assert [str(error) for error in raised.value.errors][0].startswith("Line 3: LeiKa key")
    assert catalog_counts() == (0, 0, 0, 0)
    summary = catalog_import(path=path, skip_invalid=True)
    assert catalog_counts() == (2, 2, 2, 2)
    assert [error.line for error in summary.rejected] == [3]
    assert "1 row was rejected:\n  Line 3: LeiKa key “nicht im LeiKa”" in summary.as_text()


# Jurisdiction: an optional column, applied only where none is set.


@pytest.mark.django_db
def test_jurisdiction_column_sets_empty_jurisdictions_only(tmp_path):
    catalog_import(path=write_csv(tmp_path, ROWS))
    assert set(OzgLeistung.objects.values_list("jurisdiction", flat=True)) == {""}
    OzgLeistung.objects.filter(ozg_id="10569").update(jurisdiction="bund")  # set by a user
    rows = [f"{ABBRUCH},Kommune", f"{ABBRUCH_ERTEILUNG},", f"{SCHULDNER},land"]
    summary = catalog_import(
        path=write_csv(tmp_path, rows, header=HEADER + ",zustaendigkeit", name="j.csv")
    )
    assert dict(OzgLeistung.objects.values_list("ozg_id", "jurisdiction")) == {
        "10513": "kommune",
        "10569": "bund",
    }
    assert summary.jurisdictions_kept == 1
    assert "kept the jurisdiction set before" in summary.as_text()
    catalog_import(path=write_csv(tmp_path, ROWS, name="again.csv"))  # no column: untouched
    assert OzgLeistung.objects.get(ozg_id="10513").jurisdiction == "kommune"


@pytest.mark.django_db
def test_jurisdiction_is_derived_where_the_file_names_none(tmp_path):
    # Rows copied from the real catalog.
    federal = (
        "Arbeit & Ruhestand,(Drohender) Arbeitsplatzverlust & -suche,10073,Arbeitslosengeld,"
        "99117002000000,Arbeitslosenbeihilfe für Soldaten auf Zeit,1,SVG"
    )
    municipal = (
        "Arbeit & Ruhestand,Rente & Soziale Entschädigung,10105,Seniorenpass,99107040000000,"
        "Seniorenpass,5,"
    )
    listed = (
        "Bauen & Wohnen,Wohnen & Umzug,10124,Wohnsitzmeldungen,99064002000000,"
        'unrichtige personenbezogene Daten,2/3,"StPO, BVerfschG, BDSG"'
    )
    summary = catalog_import(path=write_csv(tmp_path, [federal, municipal, listed, *ROWS]))
    assert dict(OzgLeistung.objects.values_list("ozg_id", "jurisdiction")) == {
        "10073": "bund",  # every Verwaltungsleistung LeiKa type 1
        "10105": "kommune",  # type 5 only
        "10124": "kommune",  # the default list of execution levels
        "10513": "",  # type 4: the state or a municipality
        "10569": "",  # type 2/3
    }
    assert "1 federal and 1 municipal from the LeiKa types" in summary.as_text()
    # A file's own column wins over the derivation.
    rows = [f"{federal},kommune", f"{municipal},", f"{listed},"]
    parsed = catalog_parse(
        data="\n".join([HEADER + ",zustaendigkeit", *rows]).encode(), filename="c.csv"
    )
    assert parsed.leistungen["10073"].jurisdiction == "kommune"


def test_jurisdiction_column_may_be_called_jurisdiction_and_is_checked():
    data = "\n".join(
        [HEADER + ",jurisdiction", f"{ABBRUCH},kommune", f"{SCHULDNER},Kreis"]
    ).encode()
    parsed = catalog_parse(data=data, filename="catalog.csv")
    assert parsed.has_jurisdiction
    assert parsed.leistungen["10513"].jurisdiction == "kommune"
    assert [(e.line, e.reason) for e in parsed.errors] == [
        (3, "jurisdiction “kreis” is not one of bund, land, kommune")
    ]


# XLSX with the same columns.


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_xlsx_with_the_same_columns_imports_like_csv(tmp_path):
    rows = [next(csv.reader([row])) for row in ROWS]
    # Spreadsheet cells hold numbers: OZG-IDs and LeiKa keys as integers, types as floats.
    rows[0][2], rows[0][4], rows[0][6] = 10513, 99012001000000, 4.0
    rows.append(
        [
            "Umwelt",
            "Anlagen & Stoffe",
            10478,
            "Produkt- und Stoffzulassung",
            "nicht im LeiKa",
            "X",
            1,
            None,
        ]
    )
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    with pytest.raises(CatalogRowsError) as raised:
        catalog_import(path=path)
    assert str(raised.value.errors[0]).startswith("Row 5: LeiKa key “nicht im LeiKa”")
    summary = catalog_import(path=path, skip_invalid=True)
    assert catalog_counts() == (3, 3, 3, 3)
    assert summary.leistungen_without_services == 1
    service = Verwaltungsleistung.objects.get(leika_key="99012001000000")
    assert (service.leistung.ozg_id, service.leika_type) == ("10513", "4")
    assert Themenfeld.objects.filter(name="Querschnitt").exists()


# Broken files: a clear message, nothing saved.


BROKEN_FILES = [
    ("catalog.csv", b"", "catalog.csv: the file is empty."),
    ("catalog.csv", (HEADER + "\n").encode(), "has a header but no catalog rows"),
    (
        "catalog.csv",
        ("themenfeld,lebenslage,ozg_id,name\n" + ABBRUCH).encode(),
        "wrong header (missing column(s): ozg_leistung, leika_key, leistung, leika_typ, "
        "rechtsgrundlage; unexpected column",
    ),
    (
        "catalog.csv",
        (HEADER.replace("leika_typ", "typ") + "\n" + ABBRUCH).encode(),
        "The first line must name the columns themenfeld, lebenslage, ozg_id, ozg_leistung, "
        "leika_key, leistung, leika_typ, rechtsgrundlage, optionally followed by "
        "zustaendigkeit (or jurisdiction).",
    ),
    (
        "catalog.csv",
        (HEADER + "\n" + ABBRUCH.replace("Abbruch", "Abbrüch")).encode("latin-1"),
        "not UTF-8 encoded",
    ),
    ("catalog.xlsx", (HEADER + "\n" + ABBRUCH).encode(), "not a readable XLSX workbook"),
    ("catalog.txt", (HEADER + "\n" + ABBRUCH).encode(), "unsupported file type"),
    # Hostile workbooks (docs/security.md, "Imports"): refused before openpyxl parses them.
    ("catalog.xlsx", row_bomb(unpacked_mb=60), "the workbook unpacks to more than 50 MB"),
    ("catalog.xlsx", with_parts({SHEET: [entity_sheet()]}), "declares a document type"),
    ("catalog.xlsx", with_parts({SHEET: [billion_laughs_sheet()]}), "declares a document type"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "message"), BROKEN_FILES)
def test_a_broken_file_is_refused_with_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CatalogFileError) as raised:
        catalog_import(path=path, skip_invalid=True)
    assert message in str(raised.value)
    assert catalog_counts() == (0, 0, 0, 0)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CatalogFileError, match="file not found"):
        catalog_parse_file(path=tmp_path / "nowhere.csv")


# The shipped catalog.


def test_shipped_catalog_is_clean():
    parsed = catalog_parse_file(path=SHIPPED_CATALOG)
    assert (parsed.errors, parsed.notes) == ([], [])
    assert sorted(parsed.themenfelder) == THEMENFELDER
    assert 35 <= len(parsed.leistungen) <= 45
    assert parsed.has_jurisdiction
    assert all(record.jurisdiction for record in parsed.leistungen.values())
    per_leistung: dict[str, int] = {}
    for service in parsed.services:
        per_leistung[service.ozg_id] = per_leistung.get(service.ozg_id, 0) + 1
    assert set(per_leistung) == set(parsed.leistungen)
    assert all(1 <= count <= 4 for count in per_leistung.values())


def test_shipped_catalog_takes_its_facts_from_the_real_catalog(real_parse):
    shipped = catalog_parse_file(path=SHIPPED_CATALOG)
    real_services = {(s.ozg_id, s.leika_key): s for s in real_parse.services}
    for service in shipped.services:
        real = real_services[(service.ozg_id, service.leika_key)]
        assert (service.name, service.leika_type, service.legal_basis) == (
            real.name,
            real.leika_type,
            real.legal_basis,
        )
    for ozg_id, record in shipped.leistungen.items():
        real = real_parse.leistungen[ozg_id]
        assert (record.name, record.themenfeld, record.lebenslage) == (
            real.name,
            real.themenfeld,
            real.lebenslage,
        )


@pytest.mark.django_db
def test_load_shipped_catalog_on_a_fresh_installation():
    summary = load_shipped_catalog()
    assert sorted(Themenfeld.objects.values_list("name", flat=True)) == THEMENFELDER
    assert 35 <= OzgLeistung.objects.count() <= 45
    assert not OzgLeistung.objects.filter(jurisdiction="").exists()
    assert OzgLeistung.objects.get(ozg_id="10124").jurisdiction == "kommune"
    for service in Verwaltungsleistung.objects.all():
        service.full_clean()  # the model's validators: a LeiKa key has 14 digits
    assert summary.created == sum(catalog_counts())
    again = load_shipped_catalog()
    assert (again.created, again.updated) == (0, 0)


# The management command.


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_ozg_catalog", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_prints_the_summary(tmp_path):
    output = run(str(write_csv(tmp_path, ROWS)))
    assert "catalog.csv: 3 rows, 3 taken, 0 rejected." in output
    assert re.search(r"OZG-Leistungen\s+2\s+2\s+0\s+0", output)
    assert re.search(r"Verwaltungsleistungen\s+3\s+3\s+0\s+0", output)
    assert "Nothing was created or updated" in run(str(tmp_path / "catalog.csv"))


@pytest.mark.django_db
def test_command_with_bad_rows_fails_and_saves_nothing(tmp_path):
    bad = [ABBRUCH.replace("99012001000000", f"{n:08d}") for n in range(60)]
    path = write_csv(tmp_path, [SCHULDNER, *bad])
    with pytest.raises(CommandError) as raised:
        run(str(path))
    message = str(raised.value)
    assert "catalog.csv: 60 of 61 rows cannot be imported; nothing has been saved." in message
    assert "  Line 3: LeiKa key 00000000 has 8 digits" in message
    assert "… and 10 more" in message
    assert "-v 2" in message
    assert "--skip-invalid" in message
    assert catalog_counts() == (0, 0, 0, 0)
    with pytest.raises(CommandError) as raised:
        call_command("import_ozg_catalog", str(path), verbosity=2)
    assert "Line 62: LeiKa key 00000059" in str(raised.value)
    assert "more" not in str(raised.value)


@pytest.mark.django_db
def test_command_with_skip_invalid_reports_the_rejected_rows(tmp_path):
    bad = [ABBRUCH.replace("99012001000000", f"{n:08d}") for n in range(60)]
    path = write_csv(tmp_path, [SCHULDNER, *bad])
    output = run(str(path), "--skip-invalid")
    assert "60 rows were rejected:" in output
    assert "… and 10 more" in output
    assert OzgLeistung.objects.count() == 2  # 10513 is known, its services are not
    assert Verwaltungsleistung.objects.count() == 1


@pytest.mark.django_db
def test_command_loads_the_shipped_catalog():
    output = run("--shipped")
    assert "catalog-basis.csv:" in output
    assert Themenfeld.objects.count() == 14


def test_command_needs_a_file_or_shipped(tmp_path):
    with pytest.raises(CommandError, match="Give either a catalog file or --shipped"):
        run()
    with pytest.raises(CommandError, match="Give either a catalog file or --shipped"):
        run(str(tmp_path / "x.csv"), "--shipped")


@pytest.mark.django_db
def test_command_reports_a_broken_file(tmp_path):
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="catalog.xlsx: not a readable XLSX workbook"):
        run(str(path))
