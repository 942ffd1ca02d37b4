"""The content files: grade rules and role templates load, and a broken file names its fault."""

from pathlib import Path

import pytest
import yaml

from kommunalkompass.core.content import ContentError
from kommunalkompass.positions import content

IT_FILE = content.GRADES_DIR / "tvoed-vka-it.yaml"


def test_shipped_rules_and_templates_load():
    rules = content.all_grade_rules()
    assert set(rules) >= {"tvoed-vka-it", "tvoed-vka-admin"}
    for ladder in rules.values():
        assert ladder.source and ladder.as_of
    roles = content.role_templates()
    assert len(roles) >= 12
    for role in roles:
        assert sum(p.share for p in role.processes) == 100
        assert role.title.de and role.title.en


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / f"{data['key']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_rule_file_with_a_gap_names_the_missing_grade(tmp_path):
    data = yaml.safe_load(IT_FILE.read_text(encoding="utf-8"))
    data["grades"] = [g for g in data["grades"] if g["grade"] != "9a"]
    with pytest.raises(ContentError) as error:
        content.load_grade_rules(_write(tmp_path, data))
    assert str(error.value) == (
        "tvoed-vka-it.yaml: grades: grade 9a of the ladder has no entry (a gap between 8 and 9b)"
    )


def test_a_rule_naming_an_unknown_feature_is_refused(tmp_path):
    data = yaml.safe_load(IT_FILE.read_text(encoding="utf-8"))
    data["grades"][1]["cases"][0]["requires"][0]["feature"] = "magic"
    with pytest.raises(ContentError, match="grade 7 case 1 requires the unknown feature magic"):
        content.load_grade_rules(_write(tmp_path, data))


def test_a_feature_without_label_names_the_entry(tmp_path):
    data = yaml.safe_load(IT_FILE.read_text(encoding="utf-8"))
    del data["features"][0]["label"]
    with pytest.raises(ContentError) as error:
        content.load_grade_rules(_write(tmp_path, data))
    assert "features › it-training › label" in str(error.value)


def test_a_template_whose_shares_miss_100_is_refused(tmp_path):
    data = yaml.safe_load(content.ROLES_FILE.read_text(encoding="utf-8"))
    data["roles"][0]["processes"][0]["share"] = 30
    path = tmp_path / "roles.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="cdo: the time shares .* add up to 95 %, not 100 %"):
        content.load_role_templates(path)
