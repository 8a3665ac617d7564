"""Property tests: no input, however odd, makes loading or validation raise.

Whatever a file holds, the user gets diagnostics (or a valid assessment), never a traceback.
"""

from __future__ import annotations

import datetime as dt

import yaml
from conftest import TODAY, framework_from
from cxm.diagnostics import CODES
from cxm.load.reader import load_bytes, load_text
from cxm.score.scorecard import score
from cxm.validate.assessment import validate_assessment
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FW = framework_from()
LOW, HIGH = FW.scale

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Keys an assessment (or a mistaken one) may use, so that generated data reaches deep checks.
KEYS = [
    "team",
    "group",
    "date",
    "assessors",
    "summary",
    "targets",
    "scores",
    "metrics",
    "actions",
    "support",
    "marketing",
    "policies",
    "self_service",
    "onboarding",
    "reviews",
    "level",
    "ratings",
    "evidence",
    "target",
    "notes",
    "nps",
    "csat",
    "value",
    "source",
    "title",
    "area",
    "practice",
    "owner",
    "due",
    "status",
    "<<",
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.dates().map(dt.date.isoformat)
    | st.sampled_from(["2026-13-45", "yes", "~", "Dana Lee", "in_progress", "1e400"])
)
keys = st.sampled_from(KEYS) | st.text(max_size=12) | st.integers(-3, 12)
# Mappings of scalars, lists and mappings, nested a few levels deep.
mappings = st.recursive(
    st.dictionaries(keys, scalars, max_size=4),
    lambda inner: st.dictionaries(
        keys, inner | scalars | st.lists(inner | scalars, max_size=3), max_size=4
    ),
    max_leaves=8,
)


def assert_diagnostics_are_well_formed(doc, diagnostics):
    assert doc is not None or diagnostics
    for d in diagnostics:
        assert d.code in CODES
        assert d.severity in ("error", "warning")
        assert d.line >= 1 and d.column >= 1
        assert d.message


@SETTINGS
@given(st.text())
def test_any_text_loads_or_gives_diagnostics(text):
    doc, diagnostics = load_text(text, "any.yaml")
    assert_diagnostics_are_well_formed(doc, diagnostics)
    if doc is not None:
        _, more = validate_assessment(doc, FW, TODAY)
        assert_diagnostics_are_well_formed(None, more)


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_load_or_give_diagnostics(raw):
    doc, diagnostics = load_bytes(raw, "any.yaml")
    assert_diagnostics_are_well_formed(doc, diagnostics)


@SETTINGS
@given(mappings)
def test_any_nested_mapping_validates_to_diagnostics(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    doc, diagnostics = load_text(text, "mapping.yaml")
    assert_diagnostics_are_well_formed(doc, diagnostics)
    if doc is not None:
        _, more = validate_assessment(doc, FW, TODAY)
        assert_diagnostics_are_well_formed(None, more)


# Assessment-shaped data: right keys, values that are sometimes wrong.
levels = st.integers(LOW - 2, HIGH + 2) | st.floats(0, 6) | st.sampled_from(["3", True, None])
raters = st.sampled_from(["Dana Lee", "Sam Ortiz", "Kim"])
practice_entries = levels | st.fixed_dictionaries(
    {},
    optional={
        "level": levels,
        "ratings": st.dictionaries(raters, levels, max_size=3),
        "evidence": st.text(max_size=10) | st.none(),
        "target": levels,
        "notes": st.text(max_size=5),
    },
)
area_ids = st.sampled_from(["support", "marketing", "policies", "suport", "sales"])
practice_ids = st.sampled_from(
    ["self_service", "onboarding", "product_promise", "reviews", "returns", "privacy", "x"]
)
assessments = st.fixed_dictionaries(
    {
        "team": st.text(min_size=0, max_size=30),
        "date": st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat)
        | st.text(max_size=10),
        "assessors": st.lists(raters, max_size=3),
        "scores": st.dictionaries(
            area_ids, st.dictionaries(practice_ids, practice_entries, max_size=4), max_size=4
        ),
    },
    optional={
        "targets": st.dictionaries(area_ids, levels, max_size=3),
        "metrics": st.dictionaries(
            st.sampled_from(["nps", "csat", "nsp"]),
            st.floats(-200, 200) | st.fixed_dictionaries({"value": st.integers(-200, 200)}),
            max_size=3,
        ),
        "actions": st.lists(
            st.fixed_dictionaries(
                {"title": st.text(max_size=10), "area": area_ids},
                optional={"practice": practice_ids, "status": st.sampled_from(["done", "wip"])},
            ),
            max_size=2,
        ),
    },
)


@SETTINGS
@given(assessments)
def test_assessment_shaped_data_validates_and_valid_ones_score_within_the_scale(data):
    doc, diagnostics = load_text(yaml.safe_dump(data, allow_unicode=True), "a.yaml")
    assert_diagnostics_are_well_formed(doc, diagnostics)
    if doc is None:
        return
    loaded, more = validate_assessment(doc, FW, TODAY)
    assert_diagnostics_are_well_formed(None, more)
    if loaded is None:
        assert any(d.is_error for d in more)
        return
    assert not any(d.is_error for d in more)
    card = score(loaded, FW)
    if card.overall is not None:
        assert LOW <= card.overall <= HIGH
        assert card.stage.name == FW.levels[int(card.overall)].name
    for area in card.areas:
        assert area.gap is None or area.gap >= 0


# -- explicit tags on odd scalars ------------------------------------------------------------

# Every tag a scalar may carry, plain or refused, and text that is the edge of some type.
TAGS = [
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!str",
    "!!timestamp",
    "!!binary",
    "!!map",
    "!!seq",
    "!",
    "!include",
    "!<tag:example.com,2024:x>",
    "",
]
EDGES = [
    "",
    "_",
    ".nan",
    ".inf",
    "-.inf",
    "1e999",
    "1.0e+308",
    "1" * 5000,
    "١٢٣",
    "0x",
    "0o",
    "0b",
    "0x_",
    "0b_",
    "+",
    "-",
    "0b101",
    "0o17",
    "0x1F",
    "1_000",
    "1:30",
    "190:20:30.15",
    "1" + ":59" * 3000,
    "yes",
    "No",
    "~",
    "NULL",
    "2026-02-30",
    "2026-09-30 10:00:00",
]
# What a scalar with a plain tag is, when it is a value at all.
TAG_TYPES = {
    "!!int": int,
    "!!float": float,
    "!!bool": bool,
    "!!null": type(None),
    "!!str": str,
    "!!timestamp": str,  # dates stay text: the models read them
    "!!map": str,  # a scalar tagged as a collection stays text
    "!!seq": str,
    "!": str,  # the non-specific tag: text
}
WRITTEN = ["plain", "double", "single"]


def yaml_double_quoted(value: str) -> str:
    """Any text as a YAML double-quoted scalar: what YAML may not hold raw is escaped."""
    out = []
    for c in value:
        code = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD:
            out.append(c)
        else:
            out.append(f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def scalar_text(value: str, style: str) -> str:
    if style == "double":
        return yaml_double_quoted(value)
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return value


def other_files() -> list[tuple[str, str]]:
    """Two files with known problems, beside the hostile one."""
    return [
        ("b.yaml", "team: Beta\ndate: 2026-09-30\nassessors: [Kim]\nscores: {suport: {}}\n"),
        ("c.yaml", "team: Gamma\ndate: 2026-09-30\nassessors: [Kim]\nscores: {}\nteam: x\n"),
    ]


def load_and_validate(name: str, text: str) -> list:
    doc, diagnostics = load_text(text, name)
    assert_diagnostics_are_well_formed(doc, diagnostics)
    if doc is None:
        return diagnostics
    _, more = validate_assessment(doc, FW, TODAY)
    assert_diagnostics_are_well_formed(None, more)
    return diagnostics + more


@SETTINGS
@given(
    st.sampled_from(TAGS),
    st.sampled_from(EDGES) | st.text(max_size=12),
    st.sampled_from(WRITTEN),
    st.sampled_from(["team", "date", "nps", "level", "rater"]),
)
def test_any_tag_on_any_scalar_is_a_value_or_a_diagnostic_at_the_scalar(tag, value, style, field):
    scalar = f"{tag} {scalar_text(value, style)}".strip()
    before, after = {
        "team": ("team: ", "\n"),
        "date": ("team: Alpha\ndate: ", "\n"),
        "nps": ("team: Alpha\nmetrics:\n  nps: ", "\n"),
        "level": ("team: Alpha\nscores:\n  support:\n    self_service: ", "\n"),
        "rater": (
            "team: Alpha\nscores:\n  support:\n    self_service:\n      ratings: {Kim: ",
            "}\n",
        ),
    }[field]
    text = before + scalar + after + "assessors: [Kim]\n"
    line = before.count("\n") + 1
    column = len(before.rsplit("\n", 1)[-1]) + 1

    doc, diagnostics = load_text(text, "a.yaml")  # never raises
    assert_diagnostics_are_well_formed(doc, diagnostics)
    if style == "double":
        # Valid YAML whatever the text: any problem is the tag's or the value's, at the scalar.
        assert all(
            (d.code, d.line, d.column)
            in {("yaml-syntax", line, column), ("invalid-value", line, column)}
            for d in diagnostics
        ), diagnostics
    for d in diagnostics:
        if "is not a valid" in d.message or "is too long" in d.message:
            # A value the tag (or YAML 1.1) cannot make: said at the scalar, in a short line.
            assert (d.code, d.line, d.column) in {
                ("yaml-syntax", line, column),
                ("invalid-value", line, column),
            }
            assert len(d.message) < 160
    if doc is not None and tag in TAG_TYPES:
        loc = {
            "team": ("team",),
            "date": ("date",),
            "nps": ("metrics", "nps"),
            "level": ("scores", "support", "self_service"),
            "rater": ("scores", "support", "self_service", "ratings", "Kim"),
        }[field]
        found = doc.data
        for part in loc:
            found = found[part]
        assert type(found) is TAG_TYPES[tag]

    # The others of the run still report their own problems, whatever this file did.
    reported = load_and_validate("a.yaml", text)
    for name, other in other_files():
        reported += load_and_validate(name, other)
    assert {("b.yaml", "unknown-area"), ("c.yaml", "duplicate-key")} <= {
        (d.path, d.code) for d in reported
    }
