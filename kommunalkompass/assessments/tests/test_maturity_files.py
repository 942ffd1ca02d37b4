"""Maturity model and recommendation files: a broken one names the file, the entry and the fault."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kommunalkompass.assessments.maturity import (
    DATA_DIR,
    FULL_MODEL,
    QUICK_CHECK_MODEL,
    available_models,
    current_models,
    get_model,
    load_model,
    load_recommendations,
    recommendations,
)
from kommunalkompass.core.content import ContentError


def shipped(name: str):
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def write(tmp_path: Path, data, name: str) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def model_error(tmp_path: Path, data) -> ContentError:
    path = write(tmp_path, data, "quick-1.0.yaml")
    with pytest.raises(ContentError) as caught:
        load_model(path)
    assert str(caught.value).startswith(f"quick-1.0.yaml: {caught.value.entry}: ")
    return caught.value


def test_unchanged_copies_load(tmp_path):
    assert load_model(write(tmp_path, shipped("quick-1.0.yaml"), "quick-1.0.yaml")) == get_model(
        "quick-1.0"
    )
    copy = write(tmp_path, shipped("recommendations-1.0.yaml"), "recommendations-1.0.yaml")
    assert load_recommendations(copy) == recommendations()


def test_a_missing_english_answer_is_named_by_dimension_question_and_level(tmp_path):
    data = shipped("quick-1.0.yaml")
    question = data["dimensions"][2]["questions"][1]
    del question["answers"][3]["text"]["en"]
    error = model_error(tmp_path, data)
    assert (
        error.entry
        == f"dimensions › people › questions › {question['key']} › answers › level 4 › text › en"
    )
    assert error.fault == "Field required"


def test_answers_out_of_order_are_named(tmp_path):
    data = shipped("quick-1.0.yaml")
    question = data["dimensions"][0]["questions"][0]
    answers = question["answers"]
    answers[0], answers[1] = answers[1], answers[0]
    error = model_error(tmp_path, data)
    assert error.entry == f"dimensions › strategy › questions › {question['key']}"
    assert error.fault == "answers must be the levels 1, 2, 3, 4, 5 in order, not [2, 1, 3, 4, 5]"


def test_a_duplicate_question_key_is_named(tmp_path):
    data = shipped("quick-1.0.yaml")
    first = data["dimensions"][0]["questions"][0]["key"]
    data["dimensions"][1]["questions"][0]["key"] = first
    error = model_error(tmp_path, data)
    assert (error.entry, error.fault) == ("(file)", f"question keys must be unique: {first}")


def test_a_missing_recommendation_level_is_named(tmp_path):
    data = shipped("recommendations-1.0.yaml")
    del data["recommendations"]["security"][3]
    path = write(tmp_path, data, "recommendations-1.0.yaml")
    with pytest.raises(ContentError) as caught:
        load_recommendations(path)
    assert str(caught.value) == (
        "recommendations-1.0.yaml: (file): "
        "security, level 3: at least two recommendations are needed"
    )


# Model versions ------------------------------------------------------------------------


def answers(model: str, key: str) -> dict[int, str]:
    question = get_model(model).question(key)
    return {answer.level: answer.text.de for answer in question.answers}


def test_a_new_assessment_is_offered_the_current_versions_only():
    assert list(current_models()) == [FULL_MODEL, QUICK_CHECK_MODEL]
    assert QUICK_CHECK_MODEL == "quick-1.1"
    # The versions answered before stay loadable, with their questions unchanged.
    assert get_model("quick-1.0").superseded_by == "quick-1.1"
    assert len(get_model("full-1.0").questions()) == 64


def test_a_successor_that_does_not_exist_is_named(tmp_path, monkeypatch):
    data = shipped("quick-1.0.yaml")
    data["superseded_by"] = "quick-9.9"
    write(tmp_path, data, "quick-1.0.yaml")
    monkeypatch.setattr("kommunalkompass.assessments.maturity.DATA_DIR", tmp_path)
    with pytest.raises(ContentError) as caught:
        available_models()
    assert str(caught.value) == (
        "quick-1.0.yaml: superseded_by: there is no model 'quick-9.9' in this folder"
    )


def test_the_quick_strategy_question_ranks_adoption_below_staff_knowing_it_as_the_full_one():
    quick, full = answers(QUICK_CHECK_MODEL, "strategy-1"), answers(FULL_MODEL, "strategy-1")
    assert "beschlossene" in quick[3] and "beschlossene" in full[3]
    assert "Mitarbeitenden kennen" in quick[4]
    assert "im ganzen Haus" in quick[5] and "im ganzen Haus" in full[5]


def test_the_quick_file_question_asks_about_the_own_area_up_to_the_archive():
    levels = answers(QUICK_CHECK_MODEL, "infrastructure-2")
    assert "Bereichen" not in " ".join(levels.values())  # no other departments
    assert "Archiv angeboten" in levels[5] and levels[5].index("Archiv") < levels[5].index(
        "gelöscht"
    )


def test_the_quick_data_protection_question_asks_for_processing_contracts_from_level_2():
    levels = answers(QUICK_CHECK_MODEL, "security-3")
    assert "Art. 28 DSGVO" in levels[2]
    assert "DSGVO beides vorschreibt" in levels[1]
    assert "kontrolliert" in levels[5] and "kontrolliert" not in levels[4]


def test_the_accessibility_scale_says_where_the_law_is_broken_and_joins_nothing_at_level_3():
    levels = answers(FULL_MODEL, "services-5")
    assert "gesetzlich vorgeschrieben" in levels[1]
    assert "verlangt" in levels[2]
    assert levels[3].startswith(
        "Website und Online-Dienste erfüllen die gesetzlichen Anforderungen"
    )


def test_the_website_scale_rewards_the_administrations_own_work_not_the_states_supply():
    levels = answers(FULL_MODEL, "services-6")
    assert "Terminbuchung" not in levels[5]
    assert "pflegt ihre Leistungsbeschreibungen" in levels[4]
    assert "Smartphone" not in levels[2]


def test_no_question_of_the_current_full_model_asks_twice():
    keys = {q.key for q in get_model(FULL_MODEL).questions()}
    # data-7 repeated security-3 (data protection), infrastructure-8 organisation-4 (files).
    assert not keys & {"data-7", "infrastructure-8"}
    assert "Pseudonymisierung" in answers(FULL_MODEL, "security-3")[5]
    assert "Aktenplan" in answers(FULL_MODEL, "organisation-4")[3]


def test_the_full_model_asks_about_the_topics_municipalities_face_now():
    full = get_model(FULL_MODEL)
    topics = {
        "strategy-9": "Künstlicher Intelligenz",
        "organisation-9": "automatisierten Entscheidungen",
        "organisation-10": "Vergabeverfahren",
        "people-9": "KI-Werkzeuge",
        "services-9": "ohne einen Antrag",
        "services-10": "115",
        "infrastructure-9": "nicht mehr gebraucht",
        "infrastructure-10": "Energieverbrauch",
        "infrastructure-11": "Schulträger",
    }
    for key, words in topics.items():
        assert words in full.question(key).text.de, key
    assert "2. Februar 2025" in answers(FULL_MODEL, "people-9")[1]
    assert "§ 35a VwVfG" in answers(FULL_MODEL, "organisation-9")[4]
    assert "grundsätzlich offen" in answers(FULL_MODEL, "data-5")[4]
    assert len(full.questions()) == 71 and len(full.dimensions) == 8
    assert "71 Fragen" in full.description.de and full.minutes == 35


def test_the_open_source_advice_says_the_priority_binds_federal_authorities_only():
    advice = recommendations().get("strategy-5-c").description
    assert "wie es auch das OZG vorsieht" not in advice.de
    assert "§ 16a" in advice.de and "nur den Behörden des Bundes" in advice.de
    assert "federal authorities only" in advice.en


def test_the_ai_literacy_texts_follow_article_4_as_amended():
    # Art. 4 AI Act as amended by Regulation (EU) 2026/1744: measures to support AI
    # literacy, no "sufficient level" to be ensured.
    advice = recommendations().get("people-2-d")
    question = next(
        q for d in get_model(FULL_MODEL).dimensions for q in d.questions if q.key == "people-9"
    )
    for text in (advice.title, advice.description, question.answers[0].text):
        assert "ausreichende" not in text.de and "sufficient level" not in text.en
