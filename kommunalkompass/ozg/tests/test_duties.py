"""Legal duties as data: the shipped checklist loads, is complete, and syncs idempotently."""

import datetime
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from kommunalkompass.core.content import ContentError
from kommunalkompass.ozg.duties import (
    DUTIES_FILE,
    load_duties,
    shipped_duties,
    shipped_duty,
    sync_shipped_duties,
)
from kommunalkompass.ozg.models import LegalDuty

STATE_KEYS = {f"{number:02d}" for number in range(1, 17)}


def shipped_data():
    return yaml.safe_load(DUTIES_FILE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data, name="duties.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_shipped_duties_load_with_unique_keys():
    duties = shipped_duties()
    raw_keys = [entry["key"] for entry in shipped_data()["duties"]]
    assert list(duties) == raw_keys
    assert len(set(raw_keys)) == len(raw_keys)
    assert len(duties) == 20


def test_state_keys_are_empty_or_a_state():
    duties = shipped_duties().values()
    assert {duty.state for duty in duties} <= STATE_KEYS | {""}
    assert any(duty.state == "" for duty in duties)
    assert {duty.state for duty in duties if duty.state} == {"05", "08", "09"}


def test_every_duty_is_complete_in_both_languages():
    for duty in shipped_duties().values():
        for text in (duty.title, duty.applies_to, duty.description, duty.evidence):
            assert text.de.strip() and text.en.strip(), duty.key
        assert duty.legal_basis.strip(), duty.key
        assert duty.deadline is None or isinstance(duty.deadline, datetime.date)


def test_every_duty_names_its_source_date_and_whom_it_binds():
    for duty in shipped_duties().values():
        assert duty.source.startswith("https://"), duty.key
        assert datetime.date(2025, 1, 1) <= duty.as_of <= timezone.localdate(), duty.key
        assert duty.binds, duty.key


@pytest.mark.parametrize("field", ["source", "as_of", "binds"])
def test_a_duty_without_source_date_or_binds_is_refused(tmp_path, field):
    data = shipped_data()
    del data["duties"][3][field]
    error = load_error(write(tmp_path, data))
    assert error.entry == f"duties › erklaerung-barrierefreiheit › {field}"
    assert error.fault == "Field required"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("source", "www.example.org/gesetz"),
        ("source", "http://www.example.org/gesetz"),
        ("binds", []),
        ("binds", ["gemeinde", "bund"]),
        ("binds", ["kreis", "kreis"]),
    ],
)
def test_a_malformed_source_or_binds_is_named(tmp_path, field, value):
    data = shipped_data()
    data["duties"][3][field] = value
    error = load_error(write(tmp_path, data))
    assert error.entry.startswith(f"duties › erklaerung-barrierefreiheit › {field}")


@pytest.mark.parametrize(
    ("kind", "binds", "expected"),
    [
        ("gemeinde", ["kreis"], False),
        ("landkreis", ["kreis"], True),
        ("kreisfreie_stadt", ["kreis"], True),
        ("landkreis", ["gemeinde"], False),
        ("stadt", ["municipal_company"], True),
        ("landkreis", ["municipal_company"], True),
        ("amt", ["land"], False),
        ("other", ["land"], True),
    ],
)
def test_a_duty_concerns_the_kinds_it_binds(tmp_path, kind, binds, expected):
    data = shipped_data()
    data["duties"][3]["binds"] = binds
    duty = shipped_duty("erklaerung-barrierefreiheit", path=write(tmp_path, data))
    assert duty.binds_kind(kind) is expected


def test_nis2_binds_municipal_companies_with_the_registration_deadline():
    nis2 = shipped_duty("nis2")
    assert nis2.binds == ("municipal_company",) and nis2.for_companies
    assert nis2.deadline == datetime.date(2026, 3, 6)
    assert "BGBl. 2025 I Nr. 301" in nis2.legal_basis
    assert "§ 33 BSIG" in nis2.description.de
    assert "Kernverwaltung" in nis2.applies_to.de and "Landesrecht" in nis2.applies_to.de


def test_the_corrected_deadlines_and_rules():
    assert shipped_duty("registermodernisierung").deadline == datetime.date(2028, 12, 31)
    invoices = shipped_duty("e-rechnung-umsatzsteuer")
    assert "§ 27 Abs. 38 UStG" in invoices.legal_basis
    assert "800.000 €" in invoices.description.de and "250 €" in invoices.description.de
    accessibility = shipped_duty("barrierefreiheit-websites-apps")
    assert accessibility.legal_basis.startswith("Behindertengleichstellungsgesetz des Landes")
    assert "nur für Stellen des Bundes" in accessibility.description.de


def test_the_added_duties_are_shipped():
    keys = set(shipped_duties())
    assert {
        "sdg-verordnung",
        "ki-kompetenz",
        "hochwertige-datensaetze-inspire",
        "e-vergabe",
        "bfsg-kommunale-unternehmen",
        "nutzerkonto-postfach",
    } <= keys
    assert shipped_duty("ki-kompetenz").deadline == datetime.date(2025, 2, 2)
    assert shipped_duty("bfsg-kommunale-unternehmen").for_companies


def test_the_examples_of_the_requirement_are_covered():
    keys = set(shipped_duties())
    assert {
        "e-rechnung-empfang",
        "barrierefreiheit-websites-apps",
        "egovg-land",
        "registermodernisierung",
        "nis2",
        "dsgvo-verarbeitungsverzeichnis",
    } <= keys
    assert "ozg" not in " ".join(keys)  # the OZG itself is tracked elsewhere


def test_a_duty_is_found_by_key_with_its_english_texts():
    duty = shipped_duty("dsgvo-verarbeitungsverzeichnis")
    assert duty.legal_basis == "Art. 30 DSGVO"
    assert duty.title.get("en") == "Records of processing activities"
    assert duty.title.get("de") == "Verzeichnis von Verarbeitungstätigkeiten"
    assert shipped_duty("no-such-duty") is None


# Broken files: each fails with the file, the entry and the fault.


def load_error(path: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_duties(path)
    error = caught.value
    assert error.path == path
    assert str(error) == f"{path.name}: {error.entry}: {error.fault}"
    return error


def test_a_duplicate_key_is_named(tmp_path):
    data = shipped_data()
    data["duties"][2]["key"] = "nis2"
    error = load_error(write(tmp_path, data))
    assert (error.entry, error.fault) == ("duties", "duty keys must be unique: nis2")


@pytest.mark.parametrize("state", ["17", "00", "9", "BY"])
def test_an_unknown_state_is_named(tmp_path, state):
    data = shipped_data()
    data["duties"][0]["state"] = state
    error = load_error(write(tmp_path, data))
    assert error.entry == "duties › e-rechnung-empfang › state"
    assert "01 to 16" in error.fault


def test_a_missing_english_title_is_named(tmp_path):
    data = shipped_data()
    del data["duties"][1]["title"]["en"]
    error = load_error(write(tmp_path, data))
    assert error.entry == "duties › e-rechnung-umsatzsteuer › title › en"
    assert error.fault == "Field required"


def test_a_key_that_is_not_a_slug_is_named(tmp_path):
    data = shipped_data()
    data["duties"][0]["key"] = "E-Rechnung Empfang"
    error = load_error(write(tmp_path, data))
    assert error.entry == "duties › E-Rechnung Empfang › key"


def test_a_title_too_long_for_the_database_is_refused(tmp_path):
    data = shipped_data()
    data["duties"][0]["title"]["de"] = "x" * 201
    error = load_error(write(tmp_path, data))
    assert error.entry == "duties › e-rechnung-empfang"
    assert "longer than 200" in error.fault


def test_a_malformed_deadline_is_named(tmp_path):
    data = shipped_data()
    data["duties"][0]["deadline"] = "bald"
    assert load_error(write(tmp_path, data)).entry == "duties › e-rechnung-empfang › deadline"


# Sync into LegalDuty rows.


@pytest.mark.django_db
def test_sync_creates_every_duty_with_the_german_texts_and_is_idempotent():
    first = sync_shipped_duties()
    assert set(first.created) == set(shipped_duties())
    assert first.updated == first.unchanged == first.skipped == ()

    row = LegalDuty.objects.get(key="e-rechnung-umsatzsteuer")
    duty = shipped_duty("e-rechnung-umsatzsteuer")
    assert row.title == duty.title.de
    assert row.applies_to == duty.applies_to.de
    assert row.description == duty.description.de
    assert row.legal_basis == duty.legal_basis
    assert row.deadline == datetime.date(2027, 1, 1)
    assert row.shipped
    assert LegalDuty.objects.get(key="baydig").state == "09"

    second = sync_shipped_duties()
    assert second.created == second.updated == ()
    assert set(second.unchanged) == set(shipped_duties())
    assert LegalDuty.objects.count() == len(shipped_duties())


@pytest.mark.django_db
def test_sync_updates_changed_texts_and_restores_edited_rows(tmp_path):
    sync_shipped_duties()
    LegalDuty.objects.filter(key="nis2").update(title="Von Hand geändert")

    data = shipped_data()
    data["duties"][0]["title"]["de"] = "E-Rechnungen empfangen"
    data["duties"][0]["deadline"] = datetime.date(2030, 6, 30)
    result = sync_shipped_duties(path=write(tmp_path, data))

    assert set(result.updated) == {"e-rechnung-empfang", "nis2"}
    row = LegalDuty.objects.get(key="e-rechnung-empfang")
    assert (row.title, row.deadline) == ("E-Rechnungen empfangen", datetime.date(2030, 6, 30))
    assert LegalDuty.objects.get(key="nis2").title == shipped_duty("nis2").title.de
    assert sync_shipped_duties(path=write(tmp_path, data, "again.yaml")).updated == ()


@pytest.mark.django_db
def test_sync_leaves_an_installations_own_duties_alone(tmp_path):
    own = LegalDuty.objects.create(
        key="nis2",
        title="Eigene Pflicht",
        legal_basis="Dienstanweisung",
        applies_to="Alle",
        shipped=False,
    )
    extra = LegalDuty.objects.create(
        key="eigene-pflicht",
        title="Noch eine",
        legal_basis="Satzung",
        applies_to="Alle",
        shipped=False,
    )
    result = sync_shipped_duties()
    assert result.skipped == ("nis2",)
    own.refresh_from_db()
    extra.refresh_from_db()
    assert (own.title, own.shipped) == ("Eigene Pflicht", False)
    assert extra.title == "Noch eine"


@pytest.mark.django_db
def test_a_duty_dropped_from_the_file_keeps_its_row(tmp_path):
    sync_shipped_duties()
    data = shipped_data()
    data["duties"] = [entry for entry in data["duties"] if entry["key"] != "baydig"]
    result = sync_shipped_duties(path=write(tmp_path, data))
    assert "baydig" not in result.created + result.updated + result.unchanged
    assert LegalDuty.objects.filter(key="baydig", shipped=True).exists()
