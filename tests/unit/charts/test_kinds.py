"""Tests of cxm.charts: valid SVG, byte-identical output, literal text, gaps for None."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cxm.charts.distribution import distribution, gaps
from cxm.charts.heatmap import heatmap
from cxm.charts.lines import history, metrics, trend
from cxm.charts.radar import radar
from cxm.charts.style import INK_DARK, INK_LIGHT

GENERATOR = Path(__file__).resolve().parents[3] / "generator"
SVG_NS = "{http://www.w3.org/2000/svg}"

AREAS = [
    "Customer insight",
    "Journey management",
    "Voice of the customer",
    "Service design",
    "Measurement",
    "Culture",
    "Governance",
    "Technology",
    "Employee experience",
]
NASTY = "Tech $x$ <script> 😀 a_b^c \\d"
DATES = ["2025-03-01", "2025-06-01", "2025-09-01", "2025-12-01"]


def _root(svg: str) -> ET.Element:
    assert isinstance(svg, str)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    return root


def _texts(svg: str) -> list[str]:
    """All text content of <text> elements (matplotlib may split a text into <tspan>s)."""
    return ["".join(t.itertext()) for t in _root(svg).iter(f"{SVG_NS}text")]


# One call per public function, on the same small data set, so each test covers all six.
CASES = {
    "radar": lambda labels=AREAS, **kw: radar(
        labels,
        [
            ("Current", [3.0, 2.5, None, 4.0, 1.5, 2.0, 3.0, 3.5, 2.8][: len(labels)]),
            ("Previous", [2.5, 2.0, 2.0, 3.5, 1.0, 2.0, 2.5, 3.0, 2.0][: len(labels)]),
            ("Target", [4.0] * len(labels)),
        ],
        vmin=1,
        vmax=5,
        **kw,
    ),
    "history": lambda labels=AREAS, **kw: history(
        DATES,
        [("Overall", [2.0, None, 2.8, 3.1])] + [(a, [1.0, 2.0, 3.0, None]) for a in labels],
        vmin=1,
        vmax=5,
        **kw,
    ),
    "heatmap": lambda labels=AREAS, **kw: heatmap(
        ["Team A", "Team B", "Team C"],
        labels,
        [
            [1.0 + (i + j) % 4 if (i + j) % 5 else None for j in range(len(labels))]
            for i in range(3)
        ],
        vmin=1,
        vmax=5,
        **kw,
    ),
    "distribution": lambda labels=AREAS, **kw: distribution(
        labels,
        [
            [[f"Team {k}", 1.0 + (k * 7 + i) % 40 / 10, 4.0 if i % 2 else None] for k in range(12)]
            for i in range(len(labels))
        ],
        vmin=1,
        vmax=5,
        **kw,
    ),
    "gaps": lambda labels=AREAS, **kw: gaps(
        labels,
        [1.5 + i / 4 for i in range(len(labels))],
        [3.0] * len(labels),
        vmin=1,
        vmax=5,
        **kw,
    ),
    "trend": lambda labels=AREAS, **kw: trend(
        ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"],
        [2.1, None, 2.6, 2.9],
        vmin=1,
        vmax=5,
        label=labels[0],
        **kw,
    ),
    "metrics": lambda labels=AREAS, **kw: metrics(
        DATES,
        [
            {
                "name": labels[0],
                "unit": "points",
                "values": [31.0, 35.0, None, 42.5],
                "vmin": -100,
                "vmax": 100,
                "target": 50,
            },
            {
                "name": labels[1 % len(labels)],
                "values": [4.1, 3.8, 3.9, 3.2],
                "vmin": 1,
                "vmax": 7,
                "better": "lower",
            },
        ],
        **kw,
    ),
}


@pytest.mark.parametrize("kind", CASES)
def test_returns_svg(kind: str) -> None:
    svg = CASES[kind](title="A chart")
    _root(svg)
    assert "A chart" in _texts(svg)


@pytest.mark.parametrize("kind", CASES)
def test_identical_input_gives_identical_bytes(kind: str) -> None:
    assert CASES[kind]().encode() == CASES[kind]().encode()


@pytest.mark.parametrize("kind", CASES)
def test_different_input_gives_different_output(kind: str) -> None:
    assert CASES[kind]() != CASES[kind](title="Other")
    assert CASES[kind]() != CASES[kind](labels=[a.upper() for a in AREAS])


@pytest.mark.parametrize("kind", CASES)
def test_user_text_stays_literal_text(kind: str) -> None:
    """$x$ must not become mathtext, <script> must be escaped, an emoji must not raise."""
    svg = CASES[kind](labels=[NASTY, *AREAS[1:]], title=NASTY)
    texts = _texts(svg)  # parses: "<script>" was escaped
    assert any("$x$" in t for t in texts)
    assert any("<script>" in t for t in texts)
    assert any("😀" in t for t in texts)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_xml_invalid_characters_are_dropped() -> None:
    svg = radar(["a\x00b", "c\x1bd", "e\ud800f"], [("Current", [1, 2, 3])], vmin=1, vmax=5)
    assert {"ab", "cd", "ef"} <= set(_texts(svg))


def test_long_labels_are_truncated() -> None:
    long = "x" * 200
    svg = heatmap([long], [long], [[2.0]], vmin=1, vmax=5)
    texts = _texts(svg)
    assert all(len(t) <= 40 for t in texts)
    assert any(t.startswith("xxxxxxxxxx") and t.endswith("…") for t in texts)


def test_radar_skips_none() -> None:
    full = [2.0, 3.0, 4.0, 3.0, 2.0]
    gap = [2.0, 3.0, None, 3.0, 2.0]
    svg_full = radar(AREAS[:5], [("Current", full)], vmin=1, vmax=5)
    svg_gap = radar(AREAS[:5], [("Current", gap)], vmin=1, vmax=5)
    assert svg_full != svg_gap
    # The gap is left open, not drawn as a zero: one marker fewer (markers are <use> elements).
    uses = len(list(_root(svg_full).iter(f"{SVG_NS}use")))
    assert len(list(_root(svg_gap).iter(f"{SVG_NS}use"))) == uses - 1
    # All values missing still renders.
    _root(radar(AREAS[:5], [("Current", [None] * 5)], vmin=1, vmax=5))


def test_none_values_do_not_raise() -> None:
    none4 = [None, None, None, None]
    _root(history(DATES, [("Overall", none4)], vmin=1, vmax=5))
    _root(heatmap(["A"], ["x", "y"], [[None, None]], vmin=1, vmax=5))
    _root(trend(DATES, none4, vmin=1, vmax=5))
    _root(metrics(DATES, [{"name": "NPS", "values": none4, "vmin": -100, "vmax": 100}]))
    _root(metrics([], []))
    _root(distribution(["x"], [[]], vmin=1, vmax=5))
    _root(gaps(["x"], [None], [None], vmin=1, vmax=5))
    _root(radar(["a", "b"], [("Current", [None, 2.0])], vmin=1, vmax=5))


def test_radar_with_15_labels() -> None:
    labels = [f"SAMM practice number {i}" for i in range(15)]
    svg = radar(labels, [("Current", [i % 4 for i in range(15)])], vmin=0, vmax=3)
    texts = _texts(svg)
    assert "SAMM practice\nnumber 14" not in texts  # wrapped lines become separate tspans
    assert sum("number" in t for t in texts) == 15


@pytest.mark.parametrize("n", [0, 1, 2])
def test_radar_with_fewer_than_3_labels_falls_back_to_bars(n: int) -> None:
    labels = ["Alpha", "Beta"][:n]
    svg = radar(labels, [("Current", [3.0, None][:n])], vmin=1, vmax=5)
    _root(svg)
    if n == 2:
        assert "3.0" in " ".join(_texts(svg))
        assert any("not assessed" in t for t in _texts(svg))


def test_history_with_one_date() -> None:
    _root(history(DATES[:1], [("Overall", [2.5]), ("Culture", [None])], vmin=1, vmax=5))


def test_heatmap_with_250_rows() -> None:
    rows = [f"Team {i:03d}" for i in range(250)]
    values = [
        [None if (i * 9 + j) % 13 == 0 else 1 + (i + j) % 41 / 10 for j in range(9)]
        for i in range(250)
    ]
    svg = heatmap(rows, AREAS, values, vmin=1, vmax=5, title="Everyone")
    texts = _texts(svg)
    assert "Team 249" in texts
    assert "–" in texts
    assert sum(t == "–" for t in texts) == sum(v is None for row in values for v in row)
    # Annotations are drawn after (on top of) the coloured cells.
    assert svg.index('id="QuadMesh_1"') < svg.index(">1.0</text>")


def test_metrics_rejects_unknown_direction() -> None:
    sideways = {"name": "x", "values": [1, 2, 3, 4], "vmin": 0, "vmax": 5, "better": "sideways"}
    with pytest.raises(ValueError):
        metrics(DATES, [sideways])


def test_metrics_says_which_way_is_better() -> None:
    effort = {"name": "Effort", "values": [4, 3, 2, 1], "vmin": 1, "vmax": 7, "better": "lower"}
    assert any("lower is better" in t for t in _texts(metrics(DATES, [effort])))


def test_white_background() -> None:
    # Charts are light cards even in dark mode: the figure background is painted white.
    svg = CASES["radar"]()
    assert "fill: #ffffff" in svg


def _run(code: str, hashseed: str = "0") -> str:
    env = {**os.environ, "PYTHONPATH": str(GENERATOR), "PYTHONHASHSEED": hashseed}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_pyplot_is_never_imported() -> None:
    out = _run(
        "import sys\n"
        "from cxm.charts.kinds import KINDS as c\n"
        "c['radar'](['a', 'b', 'c'], [('Current', [1, 2, 3])], vmin=1, vmax=5)\n"
        "c['heatmap'](['t'], ['a'], [[1.0]], vmin=1, vmax=5)\n"
        "print('matplotlib.pyplot' in sys.modules)"
    )
    assert out.strip() == "False"


def test_global_rcparams_untouched() -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    CASES["radar"]()
    assert dict(matplotlib.rcParams) == before


def test_identical_across_processes() -> None:
    """Same bytes in separate interpreters with different hash seeds (no id()/hash() leaks)."""
    code = (
        "import sys, hashlib\n"
        "from cxm.charts.heatmap import heatmap\n"
        "from cxm.charts.radar import radar\n"
        "s = radar(['a', 'b', 'c', 'd'], [('Current', [1, None, 3, 4]), ('Target', [4] * 4)],"
        " vmin=1, vmax=5, title='t')\n"
        "s += heatmap(['t', 'u'], ['a', 'b'], [[1.0, None], [2.5, 4.0]], vmin=1, vmax=5)\n"
        "print(hashlib.sha256(s.encode()).hexdigest())"
    )
    assert _run(code, "1") == _run(code, "2")


# What a reader sees of the axes: tick labels, their rotation, tick marks, grid and legends.

DATES12 = [f"2024-{m:02d}-01" for m in range(1, 13)]


def _text_elements(svg: str) -> list[ET.Element]:
    return list(_root(svg).iter(f"{SVG_NS}text"))


def _find(svg: str, text: str) -> ET.Element:
    (el,) = [t for t in _text_elements(svg) if "".join(t.itertext()) == text]
    return el


def _angle(el: ET.Element) -> float:
    """Rotation of a <text> in degrees, counter-clockwise as the reader sees it."""
    match = re.search(r"rotate\((-?[\d.]+)", el.get("transform", ""))
    return -float(match.group(1)) if match else 0.0


def _xy(el: ET.Element) -> tuple[float, float]:
    return float(el.get("x")), float(el.get("y"))


def _marker_uses(svg: str, path: str) -> int:
    """How many markers draw the marker whose path (e.g. "M 0 0 L -3 0") is given."""
    root = _root(svg)
    ids = {
        p.get("id")
        for p in root.iter(f"{SVG_NS}path")
        if p.get("id") and " ".join(p.get("d", "").split()) == path
    }
    href = "{http://www.w3.org/1999/xlink}href"
    return sum(u.get(href, "").lstrip("#") in ids for u in root.iter(f"{SVG_NS}use"))


def _grid_lines(svg: str) -> int:
    return sum(
        "stroke: #d0d0d0" in (p.get("style") or "") for p in _root(svg).iter(f"{SVG_NS}path")
    )


def _font_sizes(svg: str) -> list[float]:
    sizes = []
    for el in _text_elements(svg):
        # font-size, or the font shorthand older matplotlib (3.8) writes
        m = re.search(r"font(?:-size)?:[^;]*?([\d.]+)px", el.get("style") or "")
        assert m, el.get("style")
        sizes.append(float(m.group(1)))
    return sizes


def _view_width(svg: str) -> float:
    return float(_root(svg).get("viewBox").split()[2])


PHONE = 358  # CSS px of content on a 390 px phone


@pytest.mark.parametrize("kind", CASES)
def test_every_text_reads_at_9px_on_a_phone_and_14px_at_natural_size(kind: str) -> None:
    svg = CASES[kind]()
    width = _view_width(svg)
    shown = min(PHONE, width * 4 / 3)  # never stretched: natural size is pt -> px
    assert min(_font_sizes(svg)) * shown / width >= 9
    assert min(_font_sizes(svg)) * 4 / 3 >= 14  # at its natural size on a desktop


def test_heatmap_of_nine_areas_fits_a_phone_and_reads_at_9px() -> None:
    svg = heatmap([f"Team with a long name {i}" for i in range(40)], AREAS,
                  [[2.0] * 9] * 40, vmin=1, vmax=5)  # fmt: skip
    width = _view_width(svg)
    assert min(_font_sizes(svg)) * PHONE / width >= 9
    for area in AREAS:
        assert _angle(_find(svg, area)) == 90  # upright above their columns


def test_trend_is_on_a_time_axis_and_says_how_many_teams_each_point_stands_for() -> None:
    svg = trend(["2025-Q1", "2025-Q2", "2026-Q1"], [2.0, 2.5, 3.0], counts=[1, 6, 8],
                vmin=1, vmax=5)  # fmt: skip
    texts = _texts(svg)
    assert {"1", "6", "8"} <= set(texts)  # the teams under each dot
    xs = [_xy(_find(svg, v))[0] for v in ["2.0", "2.5", "3.0"]]
    # Three quarters of silence between 2025-Q2 and 2026-Q1: the gap is three times as wide.
    assert (xs[2] - xs[1]) / (xs[1] - xs[0]) == pytest.approx(275 / 91, rel=0.02)
    assert any(t.endswith("2025") for t in texts)  # dates on the axis, not categories
    assert "hollow: under half the teams" in texts


def test_history_is_one_small_panel_per_series_with_its_latest_value() -> None:
    svg = CASES["history"]()
    texts = [t.strip() for t in _texts(svg)]
    assert [t for t in texts if t in ["Overall", *AREAS]] == ["Overall", *AREAS]
    assert texts.count("3.0") == len(AREAS)  # each area's latest value, beside its panel
    assert texts.count("Mar 2025") == len(AREAS) + 1  # every panel has its time axis


def test_metrics_scale_each_panel_to_its_values_and_keep_the_target_visible() -> None:
    nps = {"name": "NPS", "values": [31.0, 35.0, None, 42.5], "vmin": -100, "vmax": 100,
           "target": 50}  # fmt: skip
    svg = metrics(DATES, [nps])
    ticks = [float(t.replace("−", "-")) for t in _texts(svg) if re.fullmatch(r"−?\d+", t)]
    assert min(ticks) >= 20 and max(ticks) >= 50 and max(ticks) <= 60
    assert "↑ higher is better · target 50" in _texts(svg)
    assert "42.5" in [t.strip() for t in _texts(svg)]  # the latest value, beside its line


def test_metrics_name_every_metric_in_its_own_panel_with_its_latest_value() -> None:
    svg = CASES["metrics"]()
    texts = [t.strip() for t in _texts(svg)]
    assert f"{AREAS[0]} (points)" in texts and AREAS[1] in texts
    assert "↓ lower is better" in texts
    assert "42.5" in texts and "3.2" in texts
    assert texts.count("Mar 2025") == 2  # each panel has its time axis


def test_metrics_cut_a_long_name_to_its_panel() -> None:
    name = "First-contact resolution across every channel we serve customers on"
    svg = metrics(DATES, [{"name": name, "unit": "%", "values": [1, 2, 3, 4], "vmin": 0,
                           "vmax": 100}] * 2)  # fmt: skip
    shown = [t for t in _texts(svg) if t.startswith("First-contact")]
    assert len(shown) == 2 and all(t.endswith("… (%)") for t in shown)


def test_gap_chart_names_teams_largest_gap_first_with_the_gap() -> None:
    svg = gaps(["Ann", "Bob", "Cy"], [3.5, 1.5, 2.5], [3.0, 3.0, 3.0], vmin=1, vmax=5)
    ys = [_xy(_find(svg, n))[1] for n in ["Bob", "Cy", "Ann"]]
    assert ys == sorted(ys)  # largest gap on top
    assert {"−1.5", "−0.5", "met", "target"} <= {t.strip() for t in _texts(svg)}


def test_gap_chart_keeps_the_furthest_behind_when_there_are_many() -> None:
    names = [f"T{i}" for i in range(40)]
    svg = gaps(names, [1.0 + i / 20 for i in range(40)], [4.0] * 40, vmin=1, vmax=5, most=25)
    texts = _texts(svg)
    assert "T0" in texts and "T24" in texts and "T25" not in texts
    assert any("of 40" in t for t in texts)


def test_distribution_names_the_team_furthest_below_target_per_area() -> None:
    svg = distribution(["Support", "Sales"], [[["Ann", 2.0, 4.0], ["Bob", 3.5, 4.0]],
                       [["Cy", 4.5, 4.0]]], vmin=1, vmax=5)  # fmt: skip
    texts = [t.strip() for t in _texts(svg)]
    assert "Ann 2.0" in texts and not any(t.startswith("Cy") for t in texts)
    assert "gap 1.2 · 2 of 2 below" in texts
    assert {"below target", "at or above", "target"} <= set(texts)


@pytest.mark.parametrize("kind", CASES)
def test_dark_palette_swaps_the_text_colour(kind: str) -> None:
    svg = CASES[kind]()
    assert '<g id="only-dark"/>' in svg  # shown as chart.svg#only-dark, the sheet applies
    sheet = re.search(r"<style>(.*?)</style>", svg, re.S).group(1)
    dark = dict(re.findall(r'\[style\*="fill: (#\w+)"\]\{fill:(#\w+)!important\}', sheet))
    assert dark["#1a1a1a"] == "#e3e5ea"
    # Every colour of text in the drawing has its dark colour in the sheet, but for the ink
    # on heatmap cells, whose colours stay in both palettes: none stays dark on dark.
    fills = set(
        re.findall(r"fill: (#\w+)", " ".join(el.get("style") for el in _text_elements(svg)))
    )
    assert fills - {INK_DARK, INK_LIGHT} <= set(dark), fills - set(dark)


def test_no_private_matplotlib_api_in_the_charts() -> None:
    for module in (GENERATOR / "cxm" / "charts").glob("*.py"):
        source = module.read_text()
        assert "._get_" not in source and "_renderer" not in source, module.name


def _text_top(el: ET.Element) -> float:
    """The y of a <text> (its baseline) in SVG units, from x/y or a translate()."""
    if el.get("y") is not None:
        return float(el.get("y"))
    return float(re.search(r"translate\([-\d.]+ ([-\d.]+)\)", el.get("transform")).group(1))


@pytest.mark.parametrize("title", ["", "A title"])
def test_radar_starts_at_its_top_label_with_no_blank_band_above(title: str) -> None:
    svg = CASES["radar"](title=title)
    top = _text_top(_find(svg, AREAS[0]))  # the label at 12 o'clock, the highest one
    above = 30 if title else 0  # the title's line
    assert top - above <= 24  # its baseline within a line of the top (was 110 units down)
    height = float(_root(svg).get("viewBox").split()[3])
    legend = _text_top(_find(svg, "Current"))
    assert height - legend <= 24  # the legend is the last line, at the bottom


def test_heatmap_key_says_in_words_what_the_colours_mean() -> None:
    svg = heatmap(["Alpha", "Beta"], AREAS[:3], [[1.2, None, 4.5], [3.0, 2.5, 5.0]],
                  vmin=1, vmax=5)  # fmt: skip
    texts = _texts(svg)
    assert "Colour = area score; darker is higher" in texts
    assert {"1", "2", "3", "4", "5", "not assessed"} <= set(texts)  # the swatches' levels
    key = _xy(_find(svg, "Colour = area score; darker is higher"))
    assert key[1] < _text_top(_find(svg, "1"))  # above its swatches


def test_history_panels_share_one_level_scale_numbered_once_a_row() -> None:
    svg = CASES["history"]()  # the overall and nine areas: five rows of two panels
    texts = [t.strip() for t in _texts(svg)]
    assert [texts.count(level) for level in ("1", "3", "5")] == [5, 5, 5]
    left = {round(_xy(el)[0]) for el in _text_elements(svg) if "".join(el.itertext()) == "5"}
    assert len(left) == 1  # all in the left column
