"""Maturity model and recommendation files: a broken one names the file, the entry and the fault."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kommunalkompass.assessments.maturity import (
    DATA_DIR,
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
