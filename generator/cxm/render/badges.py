"""Badges: a team's stage as an HTML badge on the pages, and with its score as a flat SVG
badge for READMEs and wikis."""

from __future__ import annotations

import re

import anybadge
from markupsafe import Markup

from ..score import shown
from ..score.scorecard import Scorecard
from . import markup

# The stage colours of the site's CSS (site_templates/assets/cxm.css), low to high.
_MASK_ID = re.compile(r"anybadge_\d+")
STAGE_COLOURS = ("#e8eef6", "#c6d7ec", "#8fb3dc", "#2f6aad", "#173f78")
# Text on each stage colour with at least 4.5:1 contrast.
STAGE_INK = ("#1f2937", "#1f2937", "#1f2937", "#ffffff", "#ffffff")


def badge_path(slug: str) -> str:
    return f"badges/{slug}.svg"


def stage_step(card: Scorecard) -> int:
    """0 to 4: where the stage is on the scale, so any scale (0..3, 1..5) gets the full ramp."""
    low, high = card.framework.scale
    return round(4 * (card.stage_level - low) / max(1, high - low))


def stage_colour(card: Scorecard) -> tuple[str, str]:
    """The badge's background and text colours."""
    if card.stage_level is None:
        return "#595959", "#ffffff"
    step = stage_step(card)
    return STAGE_COLOURS[step], STAGE_INK[step]


def stage_badge(card: Scorecard) -> Markup:
    """The stage as the pages show it: `3 · Defined`, coloured by class `cxm-stage-<step>`."""
    if card.stage_level is None:
        return Markup('<span class="cxm-stage">Not assessed</span>')
    return Markup(
        f'<span class="cxm-stage cxm-stage-{stage_step(card)}">{card.stage_level} · '
        f"{markup.text(card.stage.name)}</span>"
    )


def badge_svg(card: Scorecard, label: str = "CX maturity") -> bytes:
    if card.overall is None:
        value = "not assessed"
    else:
        value = f"{card.stage.name} · {shown.one(card.overall)}"
    background, ink = stage_colour(card)
    badge = anybadge.Badge(
        label=label, value=value, default_color=background, text_color=f"#fff,{ink}"
    )
    # anybadge numbers its mask ids per process; each badge is its own file, so one fixed id
    # keeps the output byte-identical from build to build.
    return _MASK_ID.sub("cxm-badge", badge.badge_svg_text).encode("utf-8")


def team_badges(latest: list[Scorecard], made: dict | None = None) -> dict[str, bytes]:
    """Each team's badge. `made`: the badges made before, by id of their scorecard (`cxm
    serve`); a badge shows nothing but its scorecard's stage."""
    made = {} if made is None else made
    out = {}
    for card in sorted(latest, key=lambda c: c.loaded.slug):
        if id(card) not in made:
            made[id(card)] = (card, badge_svg(card))  # the card held: its id stays its own
        out[badge_path(card.loaded.slug)] = made[id(card)][1]
    return out
