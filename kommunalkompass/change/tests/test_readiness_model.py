"""The ADKAR readiness model as data, and the model kind in the assessments' schema."""

from __future__ import annotations

import pytest
import yaml

from kommunalkompass.assessments.maturity import (
    DATA_DIR,
    READINESS_KEYS,
    current_models,
    get_model,
    load_model,
    readiness_models,
)
from kommunalkompass.change.readiness import readiness_actions
from kommunalkompass.core.content import ContentError


def test_the_adkar_model_has_five_elements_with_two_or_three_anchored_questions():
    model = get_model("adkar-1.0")
    assert model.kind == "readiness"
    assert tuple(d.key for d in model.dimensions) == READINESS_KEYS
    for dimension in model.dimensions:
        assert 2 <= len(dimension.questions) <= 3
        for question in dimension.questions:
            assert question.text.de and question.text.en
            assert [a.level for a in question.answers] == [1, 2, 3, 4, 5]
    assert list(readiness_models()) == ["adkar-1.0"]
    assert "adkar-1.0" not in current_models(), "never offered as a maturity assessment"


def test_a_readiness_model_with_the_maturity_dimensions_is_named(tmp_path):
    data = yaml.safe_load((DATA_DIR / "adkar-1.0.yaml").read_text(encoding="utf-8"))
    data["kind"] = "maturity"
    path = tmp_path / "adkar-1.0.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_model(path)
    assert "dimensions must be strategy, organisation" in str(caught.value)


def test_every_element_has_suggested_actions_in_both_languages():
    actions = readiness_actions()
    for key in READINESS_KEYS:
        assert len(actions.elements[key]) >= 2
        assert all(a.de and a.en for a in actions.elements[key])
