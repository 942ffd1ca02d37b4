"""The demo strategies are data (strategy/data/demo-*.yaml): the shipped files load, and a
broken file fails naming the file, the entry and the fault before anything is written."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from kommunalkompass.core.content import ContentError
from kommunalkompass.strategy.content import DATA_DIR
from kommunalkompass.strategy.demo import DEMO_FILES, load_demo_file
from kommunalkompass.strategy.models import Measure, Strategy

MUSTERSTADT = DATA_DIR / "demo-musterstadt.yaml"


def test_the_shipped_demo_files_load():
    demos = [load_demo_file(DATA_DIR / name) for name in DEMO_FILES]
    assert [d.organisation for d in demos] == ["musterstadt", "beispielhausen"]
    musterstadt = demos[0]
    assert len(musterstadt.fields) == 5 and len(musterstadt.goals) == 10
    assert len(musterstadt.measures) == 41
    assert sum(1 for m in musterstadt.measures if m.adopt) == 3


def broken(tmp_path: Path, change) -> Path:
    """A copy of Musterstadt's file with ``change(data)`` applied."""
    data = yaml.safe_load(MUSTERSTADT.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "demo-musterstadt.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def fails(path: Path) -> str:
    with pytest.raises(ContentError) as error:
        load_demo_file(path)
    return str(error.value)


def measure(data: dict, key: str) -> dict:
    return next(m for m in data["measures"] if m["key"] == key)


def test_a_measure_that_depends_on_a_later_one_is_named(tmp_path):
    path = broken(tmp_path, lambda d: measure(d, "lenkungskreis").update(after=["aktenplan"]))
    assert fails(path) == (
        "demo-musterstadt.yaml: measures › lenkungskreis › after: "
        "'aktenplan' is not a measure above this one"
    )


def test_a_last_report_that_does_not_match_the_status_is_named(tmp_path):
    path = broken(tmp_path, lambda d: measure(d, "lenkungskreis").update(progress=90))
    assert fails(path) == (
        "demo-musterstadt.yaml: measures › lenkungskreis: "
        "the last report must have the measure's status and progress"
    )


def test_unknown_keys_dimensions_and_statuses_are_named(tmp_path):
    path = broken(tmp_path, lambda d: measure(d, "lenkungskreis").update(goals=["gluecklich"]))
    assert (
        fails(path)
        == "demo-musterstadt.yaml: measures › lenkungskreis › goals: no goal 'gluecklich'"
    )

    path = broken(tmp_path, lambda d: d["goals"][0].update(field="verkehr"))
    assert (
        fails(path) == "demo-musterstadt.yaml: goals › online › field: no field of action 'verkehr'"
    )

    path = broken(tmp_path, lambda d: d["fields"][0].update(dimensions=["services", "luck"]))
    assert fails(path).startswith(
        "demo-musterstadt.yaml: fields › verwaltung › dimensions › item 2:"
    )

    path = broken(tmp_path, lambda d: measure(d, "lenkungskreis").update(status="finished"))
    assert fails(path).startswith("demo-musterstadt.yaml: measures › lenkungskreis › status:")

    path = broken(tmp_path, lambda d: measure(d, "eakte_pilot").update(adopt="no-such-advice"))
    assert fails(path) == (
        "demo-musterstadt.yaml: measures › eakte_pilot › adopt: no recommendation 'no-such-advice'"
    )


@pytest.mark.django_db
def test_a_broken_file_writes_nothing(tmp_path, monkeypatch):
    from kommunalkompass.strategy import demo

    path = broken(tmp_path, lambda d: measure(d, "buerger_app").update(lead="Stadtwerke"))
    monkeypatch.setattr(demo, "DATA_DIR", tmp_path)
    (tmp_path / "demo-beispielhausen.yaml").write_bytes(
        (DATA_DIR / "demo-beispielhausen.yaml").read_bytes()
    )
    with pytest.raises(ContentError) as error:
        call_command("demo", stdout=StringIO())
    assert str(error.value) == (
        f"{path.name}: measures › buerger_app › lead: the organisation has no department "
        "'Stadtwerke'"
    )
    assert not Strategy.objects.exists() and not Measure.objects.exists()


@pytest.mark.django_db
def test_the_demo_strategy_holds_the_measures_of_its_file():
    call_command("demo", stdout=StringIO())
    spec = load_demo_file(MUSTERSTADT)
    strategy = Strategy.objects.get(organisation__slug="musterstadt", is_current=True)
    # Those of the file; the demo's vision workshop adds one more (test_workshop_demo).
    stored = list(strategy.measures.filter(origins__isnull=True).order_by("number"))
    assert [(m.number, m.status) for m in stored] == [
        (number, m.status) for number, m in enumerate(spec.measures, start=1)
    ]
    assert [m.title for m, s in zip(stored, spec.measures, strict=True) if not s.adopt] == [
        s.title for s in spec.measures if not s.adopt
    ]
