"""Where the teams stand against their targets: per area (`distribution`, the overview) and
per team in one area (`gaps`, an area page). Both sorted by gap, both with names."""

from __future__ import annotations

from statistics import median

from matplotlib.patches import Rectangle

from .axis import int_ticks, ticks
from .figure import add_title, new_figure, no_data, to_svg
from .labels import short, svg_text_width
from .legend import key
from .panel import Panel
from .style import (
    BAND,
    BODY,
    GRID,
    LINE,
    MUTED,
    SMALL,
    TEXT,
    VERMILLION,
    WIDTH,
    chart_salt,
    styled,
)
from .text import inch_text
from .values import present

BELOW = {"linestyle": "none", "marker": "o", "markersize": 6, "color": VERMILLION}
MET = {"linestyle": "none", "marker": "o", "markersize": 6, "color": LINE}
TARGET = {"linestyle": "none", "marker": "|", "markersize": 12, "markeredgewidth": 2.2,
          "color": TEXT}  # fmt: skip


def _teams(row: list) -> list[tuple[str, float, float | None]]:
    """(team, score, target) of a row, the unassessed left out."""
    out = []
    for item in row:
        name, score, target = ([*list(item), None, None])[:3]
        if present(score):
            out.append((str(name), float(score), float(target) if present(target) else None))
    return out


def _gap(team: tuple[str, float, float | None]) -> float:
    return 0.0 if team[2] is None else team[2] - team[1]


def distribution(
    labels: list[str],
    values: list[list],
    *,
    vmin: int,
    vmax: int,
    title: str = "",
) -> str:
    """One strip per area, in the given order (largest gap first): each team's score as a dot,
    vermillion when below its target, the median target as a black bar, the team furthest
    below its target named, and the area's mean gap and count below target above the strip."""
    salt = chart_salt("distribution", labels, values, vmin, vmax, title)
    with styled(salt):
        n = len(labels)
        row_h, top = 0.72, 0.5 + (0.3 if title else 0)
        height = top + max(n, 1) * row_h + 0.4
        fig = new_figure(WIDTH, height)
        add_title(fig, title)
        if n == 0:
            no_data(fig)
            return to_svg(fig)
        left, right = 0.25, 0.25
        ax = Panel(fig, left, 0.4, WIDTH - left - right, n * row_h)
        ax.set_xlim(vmin - 0.1, vmax + 0.1)
        ax.set_ylim(n - 0.2, -0.8)  # each row: a header line above its strip
        ticks(ax, "bottom", int_ticks(vmin, vmax), grid=(GRID, 0.6))
        for i, (label, row) in enumerate(zip(labels, values, strict=False)):
            _strip(fig, ax, i, short(label, 34), _teams(row))
        key(
            fig,
            WIDTH / 2,
            height - 0.25 - (0.3 if title else 0),
            [(BELOW, "below target"), (MET, "at or above"), (TARGET, "target")],
            align="center",
        )
        return to_svg(fig)


def _strip(fig, ax: Panel, i: int, label: str, teams: list) -> None:
    """Row *i*: the area's header line and its strip of team dots."""
    band = Rectangle((0, i - 0.25), 1, 0.5, color=BAND, zorder=0, linewidth=0)
    ax.add_artist(band, transform=ax.get_yaxis_transform())
    ax.text(ax.get_xlim()[0], i - 0.38, label, fontsize=BODY, fontweight="bold", va="baseline")
    if not teams:
        return
    below = [t for t in teams if _gap(t) > 0]
    gaps = [_gap(t) for t in teams]
    note = f"gap {sum(gaps) / len(gaps):.1f} · {len(below)} of {len(teams)} below"
    ax.text(
        ax.get_xlim()[1], i - 0.38, note, fontsize=SMALL, color=MUTED, ha="right", va="baseline"
    )
    # One line of markers per colour (a Line2D each: a strip of 200 teams is two artists,
    # not 200), at the same reproducible jitter.
    dots: dict[str, tuple[list[float], list[float]]] = {LINE: ([], []), VERMILLION: ([], [])}
    for k, team in enumerate(sorted(teams, key=lambda t: (t[1], t[0]))):
        dy = ((k * 0.6180339887) % 1 - 0.5) * 0.2  # reproducible jitter
        xs, ys = dots[VERMILLION if _gap(team) > 0 else LINE]
        xs.append(team[1])
        ys.append(i + dy)
    for colour, (xs, ys) in dots.items():
        if xs:
            ax.plot(xs, ys, linestyle="none", marker="o", markersize=5.5, color=colour,
                    alpha=0.8, markeredgewidth=0, zorder=3)  # fmt: skip
    targets = [t[2] for t in teams if t[2] is not None]
    if targets:
        ax.plot([median(targets)], [i], zorder=4, **TARGET)
    worst = max(teams, key=lambda t: (_gap(t), -t[1]))
    if _gap(worst) > 0:
        x = worst[1]
        ha = "left" if x < (ax.get_xlim()[0] + ax.get_xlim()[1]) / 2 else "right"
        text = f" {short(worst[0], 24)} {worst[1]:.1f} "
        ax.text(x, i + 0.15, text, fontsize=SMALL, ha=ha, va="top", color=TEXT)


def gaps(
    names: list[str],
    scores: list[float | None],
    targets: list[float | None],
    *,
    vmin: int,
    vmax: int,
    most: int = 25,
    title: str = "",
) -> str:
    """One row per team, largest gap first: its score as a dot (vermillion below target), a
    line to its target's bar, the gap written on the right. At most *most* rows."""
    salt = chart_salt("gaps", names, scores, targets, vmin, vmax, most, title)
    with styled(salt):
        teams = _teams(list(zip(names, scores, targets, strict=False)))
        teams.sort(key=lambda t: (-_gap(t), t[1], t[0].casefold()))
        shown = teams[:most]
        n = len(shown)
        row_h = 0.26
        top = (0.75 if len(teams) > n else 0.45) + (0.3 if title else 0)
        height = top + max(n, 1) * row_h + 0.45
        fig = new_figure(WIDTH, height)
        add_title(fig, title)
        if n == 0:
            no_data(fig)
            return to_svg(fig)
        rows = [short(t[0], 22) for t in shown]
        left = min(max(svg_text_width(r, SMALL) for r in rows) / 72 + 0.15, 1.9)
        right = 0.75
        ax = Panel(fig, left, 0.4, WIDTH - left - right, n * row_h)
        ax.set_xlim(vmin - 0.1, vmax + 0.1)
        ax.set_ylim(n - 0.5, -0.5)
        ticks(ax, "bottom", int_ticks(vmin, vmax), grid=(GRID, 0.6))
        ticks(ax, "left", range(n), rows, length=0, pad=4)
        for i, (_, score, target) in enumerate(shown):
            gap = _gap((_, score, target))
            if target is not None:
                ax.plot([score, target], [i, i], color=MUTED, linewidth=1.2, zorder=2)
                ax.plot([target], [i], zorder=3, **{**TARGET, "markersize": 10})
            ax.plot([score], [i], zorder=4, **(BELOW if gap > 0 else MET))
            note = f"−{gap:.1f}" if gap > 0 else "met"
            ax.text(1, i, f"  {note}", transform=ax.get_yaxis_transform(), fontsize=SMALL,
                    va="center_baseline", color=TEXT if gap > 0 else MUTED)  # fmt: skip
        key(fig, 0.1, height - 0.22 - (0.3 if title else 0),
            [(BELOW, "score below target"), (MET, "at or above"), (TARGET, "target")])  # fmt: skip
        if len(teams) > n:
            note = f"The {n} teams furthest below target, of {len(teams)}; all in the table."
            inch_text(fig, 0.1, height - 0.52 - (0.3 if title else 0), note, color=MUTED)
        return to_svg(fig)
