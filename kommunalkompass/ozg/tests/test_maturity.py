"""The OZG maturity models as data: both versions load, are complete, and rate by minimum."""

from pathlib import Path

import pytest
import yaml

from kommunalkompass.core.content import ContentError
from kommunalkompass.ozg.maturity import (
    DATA_DIR,
    available_models,
    get_model,
    level_from_criteria,
    load_model,
)


def texts(node):
    """Every ``{de, en}`` text in a dumped model, with where it is."""
    if isinstance(node, dict):
        if set(node) == {"de", "en"}:
            yield node
        for value in node.values():
            yield from texts(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from texts(value)


def all_fulfilled(model):
    return {criterion.key: model.max_level for criterion in model.criteria}


def test_both_versions_are_shipped_and_chosen_by_version():
    models = available_models()
    assert list(models) == ["1.1", "2.0"]
    assert get_model("2.0") is models["2.0"]


def test_an_unknown_version_is_a_lookup_error():
    with pytest.raises(LookupError, match="'3.0'"):
        get_model("3.0")


@pytest.mark.parametrize(("version", "top", "criteria"), [("1.1", 4, 10), ("2.0", 7, 13)])
def test_levels_run_from_zero_without_gaps_and_criteria_are_complete(version, top, criteria):
    model = get_model(version)
    assert [level.number for level in model.levels] == list(range(top + 1))
    assert model.max_level == top
    assert len(model.criteria) == criteria
    assert len({criterion.key for criterion in model.criteria}) == criteria
    for number in range(1, top + 1):
        assert model.criteria_for_level(number), f"no criterion supports level {number}"


def test_version_1_1_has_the_published_level_names():
    names = [level.name.de for level in get_model("1.1").levels]
    assert names == [
        "Offline",
        "Information",
        "Formular-Assistent",
        "Online-Leistung",
        "Online-Transaktion",
    ]


@pytest.mark.parametrize("version", ["1.1", "2.0"])
def test_every_text_is_given_in_german_and_english(version):
    model = get_model(version)
    found = list(texts(model.model_dump()))
    # name, compliance note, name and meaning per level, name and description per criterion
    assert len(found) == 2 + 2 * len(model.levels) + 2 * len(model.criteria)
    for text in found:
        assert text["de"].strip() and text["en"].strip()


@pytest.mark.parametrize("version", ["1.1", "2.0"])
def test_compliant_at_three_and_online_at_two(version):
    model = get_model(version)
    assert (model.compliant_level, model.online_level) == (3, 2)
    assert model.is_compliant(3) and not model.is_compliant(2) and not model.is_compliant(None)
    assert model.is_online(2) and not model.is_online(1)


def test_level_3_of_2_0_asks_accessibility_as_the_law_does_and_says_so():
    level_3 = {
        version: {c.key: c for c in get_model(version).criteria if c.level == 3}
        for version in ("1.1", "2.0")
    }
    assert set(level_3["2.0"]) - set(level_3["1.1"]) == {"accessibility"}
    accessibility = level_3["2.0"]["accessibility"]
    assert accessibility.name.de == "Barrierefrei"
    # The legal requirement, nothing beyond it: no user testing, no mobile use.
    for text in (accessibility.description.de, accessibility.description.en):
        assert "test" not in text.lower() and "mobil" not in text.lower()
    note = get_model("2.0").compliance_note
    assert "barrierefrei" in note.de and "accessible" in note.en


def test_the_level_is_the_minimum_over_the_rated_criteria():
    model = get_model("1.1")
    ratings = all_fulfilled(model)
    assert level_from_criteria(model, ratings) == 4
    assert level_from_criteria(model, {**ratings, "online_payment": 2}) == 2
    assert level_from_criteria(model, {**ratings, "information": 0, "once_only": 3}) == 0
    assert level_from_criteria(model, {"form_assistant": 2, "once_only": 3}) == 2


def test_unrated_criteria_do_not_count_and_nothing_rated_gives_no_level():
    model = get_model("1.1")
    ratings = {**all_fulfilled(model), "online_payment": None, "once_only": 3}
    assert level_from_criteria(model, ratings) == 3
    assert level_from_criteria(model, {}) is None
    assert level_from_criteria(model, {"information": None}) is None


def test_yes_no_answers_rate_a_criterion_at_the_top_or_below_its_level():
    model = get_model("2.0")
    assert model.rating_for("once_only", fulfilled=True) == 7
    assert model.rating_for("once_only", fulfilled=False) == 5
    assert model.rating_for("information", fulfilled=False) == 0
    # Everything up to the e-file in place, no NOOTS yet: level 5.
    ratings = {
        criterion.key: model.rating_for(criterion.key, fulfilled=criterion.level <= 5)
        for criterion in model.criteria
    }
    assert level_from_criteria(model, ratings) == 5
    with pytest.raises(ValueError, match="'nonsense'"):
        model.rating_for("nonsense", fulfilled=True)


def test_unknown_criteria_are_named():
    model = get_model("1.1")
    with pytest.raises(ValueError, match="Unknown criteria for model 1.1: e_file, nonsense"):
        level_from_criteria(model, {"information": 1, "nonsense": 2, "e_file": 3})


@pytest.mark.parametrize("rating", [5, -1, True, 2.5, "3"])
def test_ratings_outside_the_model_are_named(rating):
    model = get_model("1.1")
    with pytest.raises(ValueError, match=r"outside the levels 0–4: information="):
        level_from_criteria(model, {"information": rating, "findability": 1})


def test_seven_is_a_rating_in_2_0_but_not_in_1_1():
    assert level_from_criteria(get_model("2.0"), {"end_to_end": 7}) == 7
    with pytest.raises(ValueError, match="end_to_end"):
        level_from_criteria(get_model("1.1"), {"end_to_end": 7})


# Broken files: each fails with the file, the entry and the fault.


def shipped_data(version="1.1"):
    return yaml.safe_load((DATA_DIR / f"maturity-{version}.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, data, name="maturity-1.1.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def load_error(path: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_model(path)
    error = caught.value
    assert error.path == path
    assert str(error) == f"{path.name}: {error.entry}: {error.fault}"
    return error


def test_an_unchanged_copy_loads(tmp_path):
    model = load_model(write(tmp_path, shipped_data()))
    assert model == get_model("1.1")


def test_a_missing_level_is_named(tmp_path):
    data = shipped_data()
    del data["levels"][2]
    error = load_error(write(tmp_path, data))
    assert error.entry == "levels"
    assert "without gaps" in error.fault and "missing: 2" in error.fault


def test_levels_out_of_order_are_refused(tmp_path):
    data = shipped_data()
    data["levels"][1], data["levels"][2] = data["levels"][2], data["levels"][1]
    error = load_error(write(tmp_path, data))
    assert error.entry == "levels"
    assert "[0, 2, 1, 3, 4]" in error.fault


def test_levels_must_start_at_zero(tmp_path):
    data = shipped_data()
    del data["levels"][0]
    assert load_error(write(tmp_path, data)).entry == "levels"


def test_a_missing_english_text_is_named(tmp_path):
    data = shipped_data()
    del data["levels"][3]["meaning"]["en"]
    error = load_error(write(tmp_path, data))
    assert error.entry == "levels › level 3 › meaning › en"
    assert error.fault == "Field required"


def test_an_empty_english_criterion_name_is_named(tmp_path):
    data = shipped_data("2.0")
    data["criteria"][4]["name"]["en"] = "  "
    error = load_error(write(tmp_path, data, "maturity-2.0.yaml"))
    assert error.entry == f"criteria › {data['criteria'][4]['key']} › name › en"
    assert "at least 1 character" in error.fault


def test_a_duplicate_criterion_key_is_named(tmp_path):
    data = shipped_data()
    data["criteria"][3]["key"] = "information"
    error = load_error(write(tmp_path, data))
    assert error.entry == "criteria"
    assert error.fault == "criterion keys must be unique: information"


def test_a_criterion_beyond_the_top_level_is_named(tmp_path):
    data = shipped_data()
    data["criteria"][0]["level"] = 5
    error = load_error(write(tmp_path, data))
    assert error.entry == "criteria"
    assert "information (5)" in error.fault


def test_a_level_without_criteria_is_refused(tmp_path):
    data = shipped_data()
    data["criteria"] = [c for c in data["criteria"] if c["level"] != 2]
    error = load_error(write(tmp_path, data))
    assert error.entry == "criteria"
    assert "no criterion supports level 2" in error.fault


def test_a_compliant_level_the_model_lacks_is_named(tmp_path):
    data = shipped_data()
    data["compliant_level"] = 6
    error = load_error(write(tmp_path, data))
    assert error.entry == "compliant_level"
    assert "6 is not a level of this model" in error.fault


def test_an_unknown_field_is_named(tmp_path):
    data = shipped_data()
    data["levels"][1]["colour"] = "green"
    error = load_error(write(tmp_path, data))
    assert error.entry == "levels › level 1 › colour"


def test_a_file_named_for_another_version_is_refused(tmp_path):
    error = load_error(write(tmp_path, shipped_data("2.0"), "maturity-1.1.yaml"))
    assert error.entry == "version"
    assert "named for 1.1 but says 2.0" in error.fault


def test_broken_yaml_names_the_line(tmp_path):
    path = tmp_path / "maturity-1.1.yaml"
    path.write_text('version: "1.1"\nlevels: [\n  - number: 0\n', encoding="utf-8")
    error = load_error(path)
    assert error.entry.startswith("line ")
    assert error.fault.startswith("not valid YAML")


def test_a_missing_file_is_named(tmp_path):
    error = load_error(tmp_path / "maturity-9.9.yaml")
    assert (error.entry, error.fault) == ("(file)", "the file does not exist")
