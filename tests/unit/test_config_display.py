"""How a file's path is shown (cxm.config.Settings.display): relative to the project, by the
link's own name, and as valid one-line UTF-8 whatever bytes the name holds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cxm.config import load_settings


@pytest.fixture
def settings(tmp_path: Path):
    (tmp_path / "project").mkdir()
    return load_settings(cwd=tmp_path / "project")


def test_a_path_inside_the_project_is_shown_relative_to_it(settings):
    assert (
        settings.display(settings.root / "assessments" / "a" / "x.yaml") == "assessments/a/x.yaml"
    )


def test_a_link_is_shown_by_its_own_path_never_its_targets(settings, tmp_path):
    (tmp_path / "secret").write_text("x", encoding="utf-8")
    link = settings.root / "passwd.yaml"
    link.symlink_to(tmp_path / "secret")
    assert settings.display(link) == "passwd.yaml"


def test_a_root_reached_through_a_link_still_gives_relative_paths(settings, tmp_path):
    alias = tmp_path / "alias"
    alias.symlink_to(settings.root, target_is_directory=True)
    assert settings.display(alias / "assessments" / "x.yaml") == "assessments/x.yaml"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (b"team/\xff.yaml", "team/\\xff.yaml"),
        (b"caf\xe9/x.yaml", "caf\\xe9/x.yaml"),
        (b"a\nb.yaml", "a\\nb.yaml"),
        (b"\x1b[31mred.yaml", "\\x1b[31mred.yaml"),
        ("gpj\u202e.yaml".encode(), "gpj\\u202e.yaml"),
        ("Équipe ü.yaml".encode(), "Équipe ü.yaml"),  # printable text is left as it is
    ],
)
def test_bytes_that_are_not_utf8_and_control_characters_are_shown_escaped(settings, raw, shown):
    display = settings.display(settings.root / os.fsdecode(raw))
    assert display == shown
    json.dumps(display, ensure_ascii=False).encode("utf-8")  # valid UTF-8: no lone surrogate
