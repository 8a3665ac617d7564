"""scores.json: the export as tools read it, one assessment a line."""

from __future__ import annotations

import json

from sitebuild import HOSTILE, ROOT, run_cxm


def test_export_is_json_with_one_assessment_a_line():
    code, out, _ = run_cxm(["export"], ROOT)
    assert code == 0
    data = json.loads(out)
    assert data["framework"]["id"] == "cx-maturity"
    lines = out.splitlines()
    assert len(lines) == 3 + len(data["assessments"])
    for line, record in zip(lines[2:-1], data["assessments"], strict=True):
        assert json.loads(line.strip().rstrip(",")) == record


def test_unicode_is_written_as_text():
    code, out, _ = run_cxm(["export"], HOSTILE)
    assert code == 0
    assert "Équipe Zürich 日本 مرحبا" in out  # not \\u escapes


def test_an_empty_organization_exports_an_empty_list():
    import yaml
    from cxm.export.json_format import to_json
    from cxm.model.framework import Framework
    from cxm.project import BUILTIN_FRAMEWORK

    fw = Framework.model_validate(yaml.safe_load(BUILTIN_FRAMEWORK.read_text("utf-8")))
    assert json.loads(to_json(fw, {})) == {
        "framework": {"id": fw.id, "version": fw.version, "name": fw.name},
        "assessments": [],
    }
