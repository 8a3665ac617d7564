"""Tests of cxm.charts: valid SVG, byte-identical output, literal text, gaps for None."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cxm.charts.distribution import distribution
from cxm.charts.heatmap import heatmap
from cxm.charts.lines import history, metric_trend, trend
from cxm.charts.radar import radar
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

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
        [[1.0 + (k * 7 + i) % 40 / 10 for k in range(12)] for i in range(len(labels))],
        vmin=1,
        vmax=5,
        targets=[4.0 if i % 2 else None for i in range(len(labels))],
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
    "metric_trend": lambda labels=AREAS, **kw: metric_trend(
        DATES,
        [31.0, 35.0, None, 42.5],
        name=labels[0],
        unit="points",
        vmin=-100,
        vmax=100,
        target=50,
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
    assert "x" * 39 + "…" in texts


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
    _root(metric_trend(DATES, none4, name="NPS", vmin=-100, vmax=100))
    _root(distribution(["x"], [[]], vmin=1, vmax=5, targets=[None]))
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


def test_metric_trend_rejects_unknown_direction() -> None:
    with pytest.raises(ValueError):
        metric_trend(DATES, [1, 2, 3, 4], name="x", vmin=0, vmax=5, better="sideways")


def test_metric_trend_says_which_way_is_better() -> None:
    lower = metric_trend(DATES, [4, 3, 2, 1], name="Effort", vmin=1, vmax=7, better="lower")
    assert any("lower is better" in t for t in _texts(lower))


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


def test_history_axes_show_every_tick_label_once() -> None:
    svg = CASES["history"]()
    texts = _texts(svg)
    for label in ["1", "2", "3", "4", "5", *DATES]:
        assert texts.count(label) == 1, label
    # Higher scores higher up, all labels right-aligned at one x left of the plot.
    ys = [_xy(_find(svg, str(v)))[1] for v in range(1, 6)]
    assert ys == sorted(ys, reverse=True)
    assert len({_xy(_find(svg, str(v)))[0] for v in range(1, 6)}) == 1
    assert all("text-anchor: end" in _find(svg, str(v)).get("style") for v in range(1, 6))
    # Dates left to right, level, unrotated when there are few.
    xs = [_xy(_find(svg, d))[0] for d in DATES]
    assert xs == sorted(xs)
    assert all(_angle(_find(svg, d)) == 0 for d in DATES)
    # One tick mark per label (left ticks point left, bottom ticks down), one grid line per level.
    assert _marker_uses(svg, "M 0 0 L -3 0") == 5
    assert _marker_uses(svg, "M 0 0 L 0 3") == len(DATES)
    assert _grid_lines(svg) == 5


def test_history_legend_lists_every_series_in_order() -> None:
    svg = CASES["history"]()
    names = ["Overall", *AREAS]
    ys = [_xy(_find(svg, name))[1] for name in names]
    assert ys == sorted(ys)  # top to bottom
    assert len({_xy(_find(svg, name))[0] for name in names}) == 1


@pytest.mark.parametrize(
    ("kind", "count", "rotated"),
    [
        ("trend", 10, False),
        ("trend", 11, True),
        ("history", 6, False),
        ("history", 7, True),
        ("metric_trend", 4, False),
        ("metric_trend", 5, True),
    ],
)
def test_date_labels_rotate_when_many(kind: str, count: int, rotated: bool) -> None:
    dates = DATES12[:count]
    values = [1.0 + i % 4 for i in range(count)]
    if kind == "trend":
        svg = trend(dates, values, vmin=1, vmax=5)
    elif kind == "history":
        svg = history(dates, [("Overall", values)], vmin=1, vmax=5)
    else:
        svg = metric_trend(dates, values, name="NPS", vmin=0, vmax=5)
    for d in dates:
        el = _find(svg, d)
        assert _angle(el) == (40 if rotated else 0)
        # Rotated labels end under their tick, so they read up to it.
        assert ("text-anchor: end" if rotated else "text-anchor: middle") in el.get("style")


def test_many_dates_are_thinned() -> None:
    dates = [f"P{i:02d}" for i in range(40)]
    svg = trend(dates, [2.0] * 40, vmin=1, vmax=5)
    shown = [d for d in dates if d in _texts(svg)]
    assert shown == dates[::3]  # at most 16 labels, evenly spaced
    assert _marker_uses(svg, "M 0 0 L 0 3") == len(shown)


def test_metric_trend_y_axis_has_nice_ticks_and_a_clear_label() -> None:
    svg = CASES["metric_trend"]()
    assert [t for t in _texts(svg) if t in {"−100", "0", "100"}] == ["−100", "0", "100"]
    assert _grid_lines(svg) == 3
    # The axis label (rotated a quarter turn) sits left of the widest tick label.
    label = _find(svg, "Customer insight (points)")
    assert _angle(label) == 90
    widest = _find(svg, "−100")
    width = text_to_path.get_text_width_height_descent("−100", FontProperties(size=8), False)[0]
    assert _xy(label)[0] < _xy(widest)[0] - width


def test_metric_trend_large_values_keep_their_power_of_ten() -> None:
    svg = metric_trend(DATES, [1.2e7, 1.5e7, 1.1e7, 2e7], name="Revenue", vmin=0, vmax=2e7)
    assert "1e7" in _texts(svg)
    assert {"0", "1", "2"} <= set(_texts(svg))


def test_heatmap_column_labels_and_colour_bar_ticks() -> None:
    svg = CASES["heatmap"]()
    for area in AREAS:
        assert _angle(_find(svg, area)) == 45
    for level in ["1", "2", "3", "4", "5"]:
        assert _texts(svg).count(level) == 1
    assert _marker_uses(svg, "M 0 0 L 2 0") == 5  # colour bar ticks point right


def test_distribution_rows_and_scale() -> None:
    svg = CASES["distribution"]()
    ys = [_xy(_find(svg, area))[1] for area in AREAS]
    assert ys == sorted(ys)  # first area on top
    assert _marker_uses(svg, "M 0 0 L -3 0") == 0  # row labels have no tick marks
    assert _marker_uses(svg, "M 0 0 L 0 3") == 5
    assert _grid_lines(svg) == 5
    assert {"Team score", "Median", "Target"} <= set(_texts(svg))


def test_radar_legend_and_ring_numbers() -> None:
    svg = CASES["radar"]()
    legend = [_find(svg, name) for name in ["Current", "Previous", "Target"]]
    assert len({_xy(el)[1] for el in legend}) == 1  # one row, in series order
    assert [_xy(el)[0] for el in legend] == sorted(_xy(el)[0] for el in legend)
    for level in ["1", "2", "3", "4", "5"]:
        assert _texts(svg).count(level) == 1
