"""The municipality register import: the real Destatis extract, crafted bad files, XLSX."""

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Sum
from openpyxl import Workbook

from kommunalkompass.documents.tests.workbooks import (
    SHEET,
    billion_laughs_sheet,
    entity_sheet,
    row_bomb,
    with_parts,
)
from kommunalkompass.organisations import register
from kommunalkompass.organisations.models import RegisterEntry
from kommunalkompass.organisations.register import (
    COLUMNS,
    RegisterFileError,
    RegisterRowsError,
    RowError,
    register_import,
    register_parse,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
REAL_FILE = REPO_ROOT.parent / "shared" / "data" / "gv-isys-auszug-2019-12-31.csv"

HEADER = ",".join(COLUMNS)
# Rows copied from the real extract, quirks included.
STATE_SH = "10,,01,,,,,Schleswig-Holstein,,,,,,,,,,,,"
KREIS_FLENSBURG = '40,41,01,0,01,,,"Flensburg, Stadt",,,,,,,,,,,,'
VB_FLENSBURG = '50,50,01,0,01,0000,,"Flensburg, Stadt",,,,,,,,,,,,'
GEMEINDE_FLENSBURG = (
    '60,61,01,0,01,0000,000,"Flensburg, Stadt", 53.02, 90 164, 44 904, 45 260, 1 701,24937,'
    '"9,43751","54,78252",F02,Ostsee,01,dicht besiedelt'
)
KREIS_DITHMARSCHEN = "40,43,01,0,51,,,Dithmarschen,,,,,,,,,,,,"
AMT_EIDER = "50,55,01,0,51,5169,,Eider,,,,,,,,,,,,"
GEMEINDE_HEIDE = (
    '60,63,01,0,51,0044,044,"Heide, Stadt", 31.97, 21 852, 10 435, 11 417,  684,25746,'
    '"9,091156","54,193962",F04,übrig. Schleswig-Holstein,02,mittlere Besiedlungsdichte'
)
BASE_ROWS = [STATE_SH, KREIS_FLENSBURG, VB_FLENSBURG, GEMEINDE_FLENSBURG, KREIS_DITHMARSCHEN]


def row(*cells: str, count: int = len(COLUMNS)) -> str:
    """A CSV line with the given leading cells, padded with empty ones to ``count`` cells."""
    return ",".join([*cells, *[""] * (count - len(cells))])


def write_csv(directory: Path, rows: list[str], name: str = "register.csv") -> Path:
    """A register CSV as Destatis' conversion writes it: UTF-8 with BOM, header first."""
    path = directory / name
    path.write_text("\ufeff" + "\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def register_snapshot() -> list[tuple]:
    return list(RegisterEntry.objects.order_by("record_type", "key").values_list())


# The real extract, imported once for the whole class.


@pytest.fixture(scope="class")
def real_import(django_db_setup, django_db_blocker):
    if not REAL_FILE.is_file():
        pytest.skip(f"the real register extract is not available at {REAL_FILE}")
    with django_db_blocker.unblock():
        summary = register_import(path=REAL_FILE)
    yield summary
    with django_db_blocker.unblock():
        RegisterEntry.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.usefixtures("real_import")
class TestRealRegister:
    def test_counts_per_record_type(self, real_import):
        expected = {10: 16, 20: 29, 30: 12, 40: 401, 50: 4606, 60: 11004}
        stored = dict(
            RegisterEntry.objects.values_list("record_type").annotate(n=Count("id")).order_by()
        )
        assert stored == expected
        assert {t: c.total for t, c in real_import.by_type.items()} == expected
        assert real_import.created == 16068

    def test_flensburg_is_a_gemeinde_with_its_figures(self):
        flensburg = RegisterEntry.objects.get(record_type=60, ags="01001000")
        assert flensburg.name == "Flensburg, Stadt"
        assert flensburg.population == 90164
        assert flensburg.area_km2 == Decimal("53.02")
        assert flensburg.ars == "010010000000"
        assert flensburg.key == "010010000000"
        assert flensburg.text_code == "61"
        assert flensburg.state == "01"
        assert (flensburg.district_key, flensburg.district_name) == ("01001", "Flensburg, Stadt")
        assert flensburg.postcode == "24937"
        assert (flensburg.urbanisation_code, flensburg.urbanisation) == ("01", "dicht besiedelt")

    def test_keys_of_kreis_and_gemeindeverband(self):
        kreis = RegisterEntry.objects.get(record_type=40, key="01051")
        assert (kreis.name, kreis.ags, kreis.ars) == ("Dithmarschen", "01051000", "01051")
        amt = RegisterEntry.objects.get(record_type=50, key="010515169")
        assert (amt.name, amt.ags, amt.ars, amt.text_code) == ("Eider", "", "010515169", "55")
        assert amt.district_name == "Dithmarschen"

    def test_region_and_areas_outside_any_kreis(self):
        region = RegisterEntry.objects.get(record_type=30, key="0811")
        assert (region.name, region.ags, region.ars, region.district_key) == (
            "Region Stuttgart",
            "",
            "",
            "",
        )
        condominium = RegisterEntry.objects.get(record_type=60, ags="07000999")
        assert condominium.district_key == ""
        assert condominium.district_name == ""

    def test_uninhabited_gemeindefreie_gebiete(self):
        # The 2019 extract gives uninhabited areas a population of 0, not an empty cell
        # (an empty cell is stored as None, see test_empty_population_is_stored_as_none).
        uninhabited = RegisterEntry.objects.filter(record_type=60, text_code="66")
        assert uninhabited.count() == 208
        assert set(uninhabited.values_list("population", flat=True)) == {0}
        sachsenwald = uninhabited.get(ags="01053105")
        assert sachsenwald.area_km2 == Decimal("58.49")
        assert sachsenwald.postcode == ""

    def test_total_population_of_the_gemeinden(self):
        total = RegisterEntry.objects.filter(record_type=60).aggregate(total=Sum("population"))
        assert total["total"] == 83_166_711

    def test_every_entry_of_a_kreis_names_it(self):
        assert not RegisterEntry.objects.filter(record_type__gte=40, district_name="").exclude(
            district_key=""
        )

    def test_reimport_creates_nothing_and_changes_nothing(self):
        before = RegisterEntry.objects.count()
        stamps = dict(RegisterEntry.objects.values_list("id", "updated_at"))
        summary = register_import(path=REAL_FILE)
        assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 16068)
        assert RegisterEntry.objects.count() == before
        assert dict(RegisterEntry.objects.values_list("id", "updated_at")) == stamps

    def test_reimport_repairs_a_changed_entry_in_place(self):
        flensburg = RegisterEntry.objects.get(record_type=60, ags="01001000")
        RegisterEntry.objects.filter(pk=flensburg.pk).update(population=1, name="Flensborg")
        summary = register_import(path=REAL_FILE)
        assert (summary.created, summary.updated) == (0, 1)
        assert summary.by_type[60].updated == 1
        flensburg_again = RegisterEntry.objects.get(record_type=60, ags="01001000")
        assert flensburg_again.pk == flensburg.pk
        assert (flensburg_again.name, flensburg_again.population) == ("Flensburg, Stadt", 90164)


# Small crafted files.


@pytest.mark.django_db
def test_crafted_file_imports_with_all_quirks(tmp_path):
    path = write_csv(tmp_path, [*BASE_ROWS, AMT_EIDER, GEMEINDE_HEIDE])
    summary = register_import(path=path)
    assert (summary.created, summary.updated, summary.unchanged) == (7, 0, 0)
    heide = RegisterEntry.objects.get(record_type=60, ags="01051044")
    assert heide.name == "Heide, Stadt"
    assert heide.population == 21852
    assert heide.area_km2 == Decimal("31.97")
    assert heide.ars == "010510044044"
    assert heide.district_name == "Dithmarschen"
    assert heide.urbanisation == "mittlere Besiedlungsdichte"


@pytest.mark.django_db
def test_empty_population_is_stored_as_none(tmp_path):
    uninhabited = (
        '60,66,01,0,51,9999,999,"Testforst, gemfr. Gebiet", 12.50,,,,,,"9,1","54,1",,,03,'
        "gering besiedelt"
    )
    register_import(path=write_csv(tmp_path, [*BASE_ROWS, uninhabited]))
    entry = RegisterEntry.objects.get(record_type=60, ags="01051999")
    assert entry.population is None
    assert entry.area_km2 == Decimal("12.50")


@pytest.mark.django_db
def test_second_run_of_a_crafted_file_updates_what_changed(tmp_path):
    register_import(path=write_csv(tmp_path, BASE_ROWS))
    changed = GEMEINDE_FLENSBURG.replace(" 90 164", " 91 000")
    summary = register_import(path=write_csv(tmp_path, [*BASE_ROWS[:3], changed, BASE_ROWS[4]]))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 4)
    assert RegisterEntry.objects.get(record_type=60, ags="01001000").population == 91000


@pytest.mark.django_db
def test_entries_missing_from_the_file_are_kept_unless_asked(tmp_path):
    register_import(path=write_csv(tmp_path, [*BASE_ROWS, AMT_EIDER]))
    summary = register_import(path=write_csv(tmp_path, BASE_ROWS))
    assert (summary.missing, summary.deleted) == (1, 0)
    assert RegisterEntry.objects.filter(record_type=50, key="010515169").exists()
    summary = register_import(path=write_csv(tmp_path, BASE_ROWS), delete_missing=True)
    assert summary.deleted == 1
    assert not RegisterEntry.objects.filter(record_type=50, key="010515169").exists()


BAD_ROWS = {
    "unknown Satzart": (row("70", "", "01", "", "", "", "", "Irgendwas"), "unknown Satzart '70'"),
    "non-numeric population": (
        GEMEINDE_HEIDE.replace(" 21 852", " 21 85x"),
        "population (bevoelkerung) '21 85x' is not a whole number",
    ),
    "state key outside 01-16": (
        row("10", "", "17", "", "", "", "", "Atlantis"),
        "state key 17 is outside 01–16",
    ),
    "wrong column count": (
        row("10", "", "02", "", "", "", "", "Hamburg", count=19),
        "19 columns, expected 20",
    ),
    "missing name": (row("40", "44", "01", "0", "53"), "missing name"),
    "duplicate key": (KREIS_FLENSBURG, "duplicate key 01001 for Satzart 40 (first on line 3)"),
    "bad key part": (row("40", "44", "01", "0", "5x", "", "", "Irgendwo"), "kreis '5x' is not"),
    "key part of another record type": (
        row("10", "", "03", "1", "", "", "", "Niedersachsen"),
        "rb '1' does not belong to a Satzart 10 record",
    ),
    "unknown district": (
        GEMEINDE_HEIDE.replace("01,0,51,0044", "01,0,58,0044"),
        "no Kreis record (Satzart 40) with key 01058 in the file",
    ),
    "text code of another record type": (
        KREIS_DITHMARSCHEN.replace("40,43,01,0,51", "40,63,01,0,55"),
        "Textkennzeichen '63' does not fit Satzart 40",
    ),
    "bad area": (GEMEINDE_HEIDE.replace(" 31.97", " 31.9.7"), "area (flaeche) '31.9.7'"),
    "bad postcode": (
        GEMEINDE_HEIDE.replace(",25746,", ",2574x,"),
        "postcode (postleitzahl) '2574x' is not a code of 5 digits",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_ROWS.keys())
def test_a_bad_row_is_reported_with_its_line_and_nothing_changes(tmp_path, case):
    register_import(path=write_csv(tmp_path, BASE_ROWS, name="first.csv"))
    before = register_snapshot()
    bad_row, reason = BAD_ROWS[case]
    # Good changes in the same file must not be applied either.
    rows = [*BASE_ROWS[:3], GEMEINDE_FLENSBURG.replace(" 90 164", " 1"), BASE_ROWS[4], AMT_EIDER]
    path = write_csv(tmp_path, [*rows, bad_row])
    with pytest.raises(RegisterRowsError) as caught:
        register_import(path=path)
    assert [error.line for error in caught.value.errors] == [len(rows) + 2]
    assert reason in caught.value.errors[0].reason
    assert f"Line {len(rows) + 2}: " in str(caught.value)
    assert register_snapshot() == before


@pytest.mark.django_db
def test_every_bad_row_is_listed_in_line_order(tmp_path):
    rows = [
        STATE_SH,
        row("70", "", "01", "", "", "", "", "Irgendwas"),  # line 3
        KREIS_FLENSBURG,
        '60,61,01,0,01,0000,000,"Flensburg,\nStadt", 53.02, 9O 164,,,,,,,,,,',  # lines 5-6
        row("10", "", "99", "", "", "", "", "Nirgendland"),  # line 7
    ]
    result = register_parse(path=write_csv(tmp_path, rows))
    assert [error.line for error in result.errors] == [3, 5, 7]
    assert "population (bevoelkerung) '9O 164'" in result.errors[1].reason
    assert len(result.records) == 2


@pytest.mark.django_db
def test_a_row_with_several_faults_names_them_all(tmp_path):
    result = register_parse(path=write_csv(tmp_path, [row("10", "", "17")]))
    assert result.errors == [
        RowError(line=2, reason="state key 17 is outside 01–16; missing name (gemeindename)")
    ]


@pytest.mark.django_db
def test_command_lists_at_most_fifty_bad_rows(tmp_path):
    rows = [STATE_SH, *(row("10", "", str(20 + n), "", "", "", "", f"Land {n}") for n in range(60))]
    with pytest.raises(CommandError) as caught:
        call_command("import_municipalities", str(write_csv(tmp_path, rows)))
    message = str(caught.value)
    assert message.startswith(
        "register.csv: 60 of 61 rows cannot be imported; nothing has been saved."
    )
    assert "  Line 3: state key 20 is outside 01–16" in message
    assert "Line 52: " in message
    assert "Line 53: " not in message
    assert message.endswith("… and 10 more")
    assert not RegisterEntry.objects.exists()


@pytest.mark.django_db
def test_command_speaks_english_on_a_german_installation(tmp_path, settings):
    # The register's reasons are English; the line prefix and the summary must not be German.
    settings.LANGUAGE_CODE = "de"
    with pytest.raises(CommandError) as caught:
        call_command("import_municipalities", str(write_csv(tmp_path, [row("10", "", "17")])))
    assert str(caught.value) == (
        "register.csv: 1 of 1 rows cannot be imported; nothing has been saved.\n"
        "  Line 2: state key 17 is outside 01–16; missing name (gemeindename)"
    )


@pytest.mark.django_db
def test_command_prints_the_summary(tmp_path, capsys):
    call_command("import_municipalities", str(write_csv(tmp_path, BASE_ROWS)))
    output = capsys.readouterr().out
    assert "Read 5 register records from register.csv." in output
    assert "Länder" in output and "Gemeindeverbände" in output
    assert "Created 5, updated 0, unchanged 0." in output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.csv", b"", "the file is empty"),
        ("register.csv", "\ufeff".encode(), "the file is empty"),
        ("register.csv", f"\ufeff{HEADER}\n".encode(), "a header but no register records"),
        (
            "register.csv",
            b"Satzart,Text,Land\n10,,01\n",
            "wrong header (it has 3 columns, expected 20)",
        ),
        (
            "register.csv",
            HEADER.replace("land", "bundesland").encode() + b"\n" + STATE_SH.encode(),
            "wrong header (column 3 is 'bundesland', expected 'land')",
        ),
        (
            "register.csv",
            f"{HEADER}\n10,,01,,,,,Baden-Württemberg,,,,,,,,,,,,\n".encode("latin-1"),
            "not UTF-8 encoded",
        ),
        ("register.xlsx", b"PK\x03\x04 no workbook", "not a readable XLSX workbook"),
        ("register.xls", b"\xd0\xcf\x11\xe0", "unsupported file type '.xls'"),
        ("register.json", b"{}", "unsupported file type '.json'"),
    ],
)
@pytest.mark.django_db
def test_unusable_files_are_refused_clearly(tmp_path, name, content, message):
    register_import(path=write_csv(tmp_path, BASE_ROWS, name="first.csv"))
    before = register_snapshot()
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RegisterFileError) as caught:
        register_import(path=path)
    assert message in str(caught.value)
    with pytest.raises(CommandError, match="register"):
        call_command("import_municipalities", str(path))
    assert register_snapshot() == before


@pytest.mark.django_db
def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("import_municipalities", str(tmp_path / "gv.csv"))


@pytest.mark.django_db
def test_semicolon_csv_saved_by_a_spreadsheet_program(tmp_path):
    rows = [
        "10;;1;;;;;Schleswig-Holstein;;;;;;;;;;;;",
        "40;41;1;0;1;;;Flensburg, Stadt;;;;;;;;;;;;",
        "60;61;1;0;1;0;0;Flensburg, Stadt;53,02;90164;;;;24937;;;;;1;dicht besiedelt",
    ]
    path = tmp_path / "register.csv"
    path.write_text(";".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    register_import(path=path)
    flensburg = RegisterEntry.objects.get(record_type=60)
    assert (flensburg.key, flensburg.ags) == ("010010000000", "01001000")
    assert (flensburg.area_km2, flensburg.urbanisation_code) == (Decimal("53.02"), "01")


# The official spreadsheet layout.

XLSX_TITLE_ROWS = [
    ["Gemeindeverzeichnis-Informationssystem GV-ISys"],
    ["Alle politisch selbständigen Gemeinden mit ausgewählten Merkmalen am 31.12.2019"],
    [],
]
XLSX_HEADER_ROWS = [
    [
        "Satz-\nart",
        "Text-\nkenn-\nzeichen",
        "Amtlicher Regionalschlüssel (ARS)",
        None,
        None,
        None,
        None,
        "Gemeindename",
        "Fläche\nkm² 1)",
        "Bevölkerung 2)",
        None,
        None,
        None,
        "Post-\nleit-\nzahl 3)",
        "Geografische Mittelpunktkoordinaten 4)",
        None,
        "Reisegebiete",
        None,
        "Grad der Verstädterung",
        None,
    ],
    [
        None,
        None,
        "Land",
        "RB",
        "Kreis",
        "VB",
        "Gem",
        None,
        None,
        "insgesamt",
        "männlich",
        "weiblich",
        "je km²",
        None,
        "Längengrad",
        "Breitengrad",
        "Schlüssel",
        "Bezeichnung",
        "Schlüssel",
        "Bezeichnung",
    ],
    list(range(1, 21)),
]
# Keys as numbers without their leading zeros or as text, figures as numeric cells.
XLSX_DATA_ROWS = [
    ["10", None, "01", None, None, None, None, "Schleswig-Holstein"],
    [40, 41, 1, 0, 1, None, None, "Flensburg, Stadt"],
    [50, 50, 1, 0, 1, 0, None, "Flensburg, Stadt"],
    [60, 61, 1, 0, 1, 0, 0, "Flensburg, Stadt", 53.02, 90164, 44904, 45260, 1701, "24937"]
    + [9.43751, 54.78252, "F02", "Ostsee", "01", "dicht besiedelt"],
    ["10", None, "14", None, None, None, None, "Sachsen"],
    ["20", None, "14", "6", None, None, None, "Direktionsbezirk Leipzig"],
    ["40", "41", "14", "6", "12", None, None, "Dresden, Stadt"],
    ["60", "61", 14, 6, 12, 0, 0, "Dresden, Stadt", 328.48, 556780.0, None, None, None, 1067]
    + [13.736883, 51.051697, "C00", "Stadt Dresden", 1, "dicht besiedelt"],
    ["10", None, 8, None, None, None, None, "Baden-Württemberg"],
    ["30", None, 8, 1, 1, None, None, "Region Stuttgart"],
]
XLSX_FOOTNOTES = [
    [],
    [None, None, None, None, None, None, None, "Deutschland", 357582.0, 83166711],
    ["1) Katasterfläche, Abweichungen in den Summen durch Runden."],
    ["© Destatis"],
]


def write_xlsx(directory: Path, data_rows: list[list]) -> Path:
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Deckblatt"
    cover.append(["Statistisches Bundesamt"])
    cover.append(["Gemeindeverzeichnis, Auszug", 2019])
    sheet = workbook.create_sheet("Onlineprodukt_Gemeinden")
    for row in [*XLSX_TITLE_ROWS, *XLSX_HEADER_ROWS, *data_rows, *XLSX_FOOTNOTES]:
        sheet.append(row)
    sheet.merge_cells("C4:G4")
    sheet.merge_cells("J4:M4")
    path = directory / "AuszugGV4QAktuell.xlsx"
    workbook.save(path)
    return path


@pytest.mark.django_db
def test_official_xlsx_layout_is_imported(tmp_path):
    summary = register_import(path=write_xlsx(tmp_path, XLSX_DATA_ROWS))
    assert {t: c.total for t, c in summary.by_type.items() if c.total} == {
        10: 3,
        20: 1,
        30: 1,
        40: 2,
        50: 1,
        60: 2,
    }
    flensburg = RegisterEntry.objects.get(record_type=60, ags="01001000")
    assert flensburg.key == "010010000000"
    assert (flensburg.population, flensburg.area_km2) == (90164, Decimal("53.02"))
    assert flensburg.district_name == "Flensburg, Stadt"
    dresden = RegisterEntry.objects.get(record_type=60, ags="14612000")
    assert (dresden.ars, dresden.postcode, dresden.urbanisation_code) == (
        "146120000000",
        "01067",
        "01",
    )
    assert (dresden.population, dresden.area_km2) == (556780, Decimal("328.48"))
    assert RegisterEntry.objects.get(record_type=30).key == "0811"
    assert register_import(path=tmp_path / "AuszugGV4QAktuell.xlsx").unchanged == 10


@pytest.mark.django_db
def test_xlsx_bad_rows_are_reported_by_spreadsheet_row(tmp_path):
    rows = [*XLSX_DATA_ROWS]
    rows[3] = [*rows[3][:9], "viele", *rows[3][10:]]
    rows[6] = ["40", "41", "14", "6", "12", None, None, "Dresden, Stadt", *[None] * 12, "extra"]
    path = write_xlsx(tmp_path, rows)
    with pytest.raises(RegisterRowsError) as caught:
        register_import(path=path)
    first_data_row = len(XLSX_TITLE_ROWS) + len(XLSX_HEADER_ROWS) + 1
    assert [(error.unit, error.line) for error in caught.value.errors] == [
        ("row", first_data_row + 3),
        ("row", first_data_row + 6),
        # Dresden's Gemeinde row loses its Kreis, which was the bad row.
        ("row", first_data_row + 7),
    ]
    assert "population (bevoelkerung) 'viele'" in caught.value.errors[0].reason
    assert "21 columns, expected 20" in caught.value.errors[1].reason
    assert f"Row {first_data_row + 3}: " in str(caught.value)
    assert not RegisterEntry.objects.exists()


@pytest.mark.django_db
def test_xlsx_without_the_register_layout_is_refused(tmp_path):
    workbook = Workbook()
    workbook.active.append(["Name", "AGS"])
    workbook.active.append(["Flensburg", "01001000"])
    path = tmp_path / "gemeinden.xlsx"
    workbook.save(path)
    with pytest.raises(RegisterFileError, match="no sheet has the register layout"):
        register_import(path=path)


# Hostile workbooks (docs/security.md, "Imports"): refused before openpyxl parses them, with
# the limit or the fault named, and nothing changed.


@pytest.mark.parametrize(
    "data, message",
    [
        pytest.param(
            row_bomb(unpacked_mb=60),
            "register.xlsx: the workbook unpacks to more than 50 MB",
            id="decompression bomb",
        ),
        pytest.param(
            with_parts({SHEET: [entity_sheet()]}),
            "register.xlsx: the part xl/worksheets/sheet1.xml of the workbook declares a "
            "document type",
            id="entity",
        ),
        pytest.param(
            with_parts({SHEET: [billion_laughs_sheet()]}),
            "declares a document type",
            id="billion laughs",
        ),
    ],
)
@pytest.mark.django_db
def test_hostile_workbooks_are_refused_before_parsing(tmp_path, monkeypatch, data, message):
    register_import(path=write_csv(tmp_path, BASE_ROWS, name="first.csv"))
    before = register_snapshot()
    path = tmp_path / "register.xlsx"
    path.write_bytes(data)

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a workbook that should be refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    with pytest.raises(RegisterFileError) as caught:
        register_import(path=path)
    assert message in str(caught.value)
    assert register_snapshot() == before


@pytest.mark.django_db
def test_a_register_csv_is_read_up_to_the_row_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(register, "MAX_ROWS", 3)
    path = write_csv(tmp_path, [STATE_SH, KREIS_FLENSBURG, VB_FLENSBURG, GEMEINDE_FLENSBURG])
    with pytest.raises(RegisterFileError, match="more than 3 rows below the header"):
        register_parse(path=path)
