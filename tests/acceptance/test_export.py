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
