"""Every generated page shows rendered text: no Markdown or HTML source as text or in code.

A template slip (a lost indent turning a table into an indented code block, a tag escaped
twice) still builds a valid site; only the reader sees raw markup. These tests read every
page that cxm generates, on the demo and on the hostile organization, as a reader would.
"""

from __future__ import annotations

import re

import pytest
from cxm.config import load_settings
from cxm.project import load_project
from rendered import check_pages, generated_pages, html_text, markup_in, plain_texts, read
from sitebuild import ROOT


@pytest.mark.parametrize("which", ["demo", "hostile"])
def test_no_generated_page_shows_markdown_or_html_source(which, demo_site, hostile, tmp_path):
    project, site = (ROOT, demo_site) if which == "demo" else (hostile, hostile / "site")
    problems = check_pages(project, site, tmp_path)
    assert not problems, "\n".join(problems)


def test_the_guard_sees_a_table_turned_into_a_code_block():
    # The failure this guards against, as Python-Markdown renders it: a practice's question
    # line lost its indent, so its table became an indented code block.
    broken = (
        '<details class="info"><summary>Product promise</summary></details>'
        "<p><em>Does it match?</em></p>"
        "<pre><code>| Level | What it looks like |\n|---|---|\n"
        '| **1 · Reactive** | &lt;span class="cxm-md"&gt;Claims…&lt;/span&gt; |\n'
        "</code></pre>"
    )
    reader = read(broken)
    assert markup_in(reader.code[0]) == ["bold", "table row", "html tag"]
    assert markup_in("Score **3** [see](x.md) ??? info") == ["bold", "link", "admonition"]
    assert markup_in("line one\nline two") == []


@pytest.mark.parametrize("which", ["demo", "hostile"])
def test_framework_page_shows_every_practice_as_a_table_of_its_levels(which, demo_site, hostile):

    project, site = (ROOT, demo_site) if which == "demo" else (hostile, hostile / "site")
    html = (site / "framework/index.html").read_text("utf-8")
    boxes = re.findall(r"<details[^>]*>(.*?)</details>", html, re.S)
    framework = load_project(load_settings(project / "mkdocs.yml")).framework
    practices = [p for area in framework.areas for p in area.practices]
    assert [html_text(re.search(r"<summary>(.*?)</summary>", b).group(1)) for b in boxes] == [
        p.name for p in practices
    ]
    for box, practice in zip(boxes, practices, strict=True):
        rows = re.findall(r"<tr>(.*?)</tr>", box, re.S)
        assert len(rows) == 1 + len(framework.levels), practice.id  # header + one per level
        shown = html_text(box)
        if practice.question:
            assert practice.question in shown
        for level, text in practice.levels.items():
            assert text in shown, (practice.id, level)


def test_a_template_line_that_starts_with_a_tag_keeps_its_indent(tmp_path):
    # Any template, an override included: a tag-only line vanishes whole, a line that goes on
    # with text keeps the indent that makes it part of an admonition.
    from cxm.render.environment import environment

    (tmp_path / "probe.md.j2").write_text(
        '??? info "Box"\n\n    {% if show %}<em>{{ text }}</em>{% endif %}\n\n'
        "    {% for i in [1, 2] %}\n    | {{ i }} |\n    {% endfor %}\n"
    )
    out = environment(tmp_path).get_template("probe.md.j2").render(show=True, text="Why")
    assert out == '??? info "Box"\n\n    <em>Why</em>\n    | 1 |\n    | 2 |\n'


@pytest.mark.parametrize("which", ["demo", "hostile"])
def test_readers_see_names_not_ids(which, demo_site, hostile, tmp_path):
    # Ids of two words (in_progress, cx_metrics, self_service) are for the file, not the reader;
    # one-word ids read as words and are left alone. Code elements may show ids on purpose.
    project, site = (ROOT, demo_site) if which == "demo" else (hostile, hostile / "site")
    framework = load_project(load_settings(project / "mkdocs.yml")).framework
    ids = {"in_progress"} | {
        item.id
        for item in [*framework.areas, *framework.metrics]
        + [p for area in framework.areas for p in area.practices]
        if "_" in item.id
    }
    # Text typed as is (names, notes) is taken out of the prose, but not the ids themselves:
    # an action's `practice: cx_metrics` is typed too, and must not be shown as typed.
    typed = [t for t in plain_texts(project, keys=False) if t not in ids]
    found = []
    for path, page in generated_pages(project, site, tmp_path).items():
        prose = "\n".join(read(page).prose)
        for text in typed:
            prose = prose.replace(text, " ")
        words = set(re.findall(r"[a-z][a-z0-9_]*", prose))
        found += [f"{path}: {i}" for i in sorted(ids & words)]
    assert not found, found
