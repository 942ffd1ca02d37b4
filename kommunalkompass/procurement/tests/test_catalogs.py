import datetime
from decimal import Decimal

import pytest

from kommunalkompass.core.content import ContentError
from kommunalkompass.procurement import catalogs


def test_six_shipped_catalogs_load_with_non_functional_groups():
    loaded = {catalog.key: catalog for catalog in catalogs.shipped_catalogs()}
    assert {
        "e-akte", "ratsinformationssystem", "buergerportal", "it-betrieb", "videokonferenz",
        "fachverfahren",
    } <= set(loaded)  # fmt: skip
    for catalog in loaded.values():
        kinds = {r.kind for g in catalog.groups for r in g.requirements}
        assert kinds == {"A", "B"}, catalog.key
        groups = {g.key for g in catalog.groups}
        assert {"it-sicherheit", "datenschutz", "betrieb", "exit", "schnittstellen"} <= groups
        assert all(source.as_of for source in catalog.sources)
    assert "barrierefreiheit" in {g.key for g in loaded["buergerportal"].groups}


def test_eu_threshold_by_date():
    assert catalogs.threshold_on(datetime.date(2026, 3, 1)).amount == Decimal(216000)
    assert catalogs.threshold_on(datetime.date(2025, 12, 31)).amount == Decimal(221000)
    assert catalogs.threshold_on(datetime.date(2028, 1, 1)) is None


def test_a_broken_catalog_names_file_entry_and_fault(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(
        "key: broken\ntitle: {de: A, en: A}\ndescription: {de: A, en: A}\nevb_it: cloud\n"
        "groups:\n  - key: g\n    title: {de: G, en: G}\n    requirements:\n"
        "      - key: X-01\n        kind: B\n        text: {de: T, en: T}\n"
        "        evidence: {de: E, en: E}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"broken.yaml: groups › g › requirements › X-01"):
        catalogs.load_catalog(path)


def test_a_catalog_with_a_requirement_key_twice_is_refused(tmp_path):
    path = tmp_path / "twice.yaml"
    requirement = (
        "      - key: X-01\n        kind: A\n        text: {de: T, en: T}\n"
        "        evidence: {de: E, en: E}\n"
    )
    path.write_text(
        "key: twice\ntitle: {de: A, en: A}\ndescription: {de: A, en: A}\nevb_it: cloud\n"
        "groups:\n  - key: g\n    title: {de: G, en: G}\n    requirements:\n" + requirement * 2,
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="requirement keys must be unique: X-01"):
        catalogs.load_catalog(path)
