"""The JSON export of scores: an empty organization."""

from __future__ import annotations

import json


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
