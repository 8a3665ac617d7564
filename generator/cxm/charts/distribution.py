"""The distribution chart: every team's score per area, with the median and the target."""

from __future__ import annotations

from statistics import median

from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .axis import int_ticks, ticks
from .figure import add_title, new_figure, no_data, to_svg
from .labels import short, text_width
from .legend import Legend
from .panel import Panel
from .style import BLACK, BLUE, GRID, VERMILLION, chart_salt, styled
from .values import present


def distribution(
    labels: list[str],
    values: list[list[float]],
    *,
    vmin: int,
    vmax: int,
    targets: list[float | None] | None = None,
    title: str = "",
) -> str:
    """One row per area: every team's score as a dot, the median as a bar, the target as a
    diamond. Dots are spread vertically by a fixed sequence, so there is no randomness."""
    salt = chart_salt("distribution", labels, values, vmin, vmax, targets, title)
    with styled(salt):
        n = len(labels)
        names = [short(x) for x in labels]
        left = min(max((text_width(x, 8.5) for x in names), default=0) + 0.3, 3.0)
        top = 0.5 if title else 0.2
        row_h = 0.42
        height = top + max(n, 1) * row_h + 0.75
        fig = new_figure(8, height)
        add_title(fig, title)
        if n == 0:
            no_data(fig)
            return to_svg(fig)
        ax = Panel(fig, left, 0.75, 8 - left - 0.35, n * row_h)
        ax.spines("left", "bottom")
        _scores(ax, values[:n])
        tx = [(float(t), i) for i, t in enumerate((targets or [])[:n]) if present(t)]
        if tx:
            ax.scatter(
                [t for t, _ in tx],
                [i for _, i in tx],
                marker="D",
                s=42,
                color=VERMILLION,
                edgecolors="white",
                linewidths=0.8,
                zorder=5,
            )

        ax.set_ylim(n - 0.5, -0.5)
        pad = 0.15
        ax.set_xlim(vmin - pad, vmax + pad)
        ticks(ax, "left", range(n), names, fontsize=8.5, length=0)
        ticks(ax, "bottom", int_ticks(vmin, vmax), grid=(GRID, 0.6))
        # Faint row bands guide the eye across wide charts.
        for i in range(0, n, 2):
            band = Rectangle((0, i - 0.5), 1, 1, color="#f4f4f4", zorder=0, linewidth=0)
            ax.add_artist(band, transform=ax.get_yaxis_transform())
        _legend(fig, bool(tx))
        return to_svg(fig)


def _scores(ax: Panel, rows: list[list[float]]) -> None:
    """The teams' scores of each row as dots around it, their median as a bar across it."""
    xs, ys, med_x, med_y = [], [], [], []
    for i, row in enumerate(rows):
        vals = [float(v) for v in row if present(v)]
        for k, v in enumerate(vals):
            # Golden-ratio sequence: evenly spread, reproducible jitter.
            xs.append(v)
            ys.append(i + ((k * 0.6180339887) % 1 - 0.5) * 0.5)
        if vals:
            med_x.append(median(vals))
            med_y.append(i)
    ax.scatter(xs, ys, s=16, color=BLUE, alpha=0.6, linewidths=0, zorder=3)
    ax.add_artist(
        LineCollection(
            [[(x, y - 0.36), (x, y + 0.36)] for x, y in zip(med_x, med_y, strict=True)],
            colors=BLACK,
            linewidths=2.6,
            zorder=4,
        )
    )


def _legend(fig: Figure, has_targets: bool) -> None:
    """The key under the chart: team score, median and, when there are targets, target."""
    dots = {"color": BLUE, "alpha": 0.6, "markeredgewidth": 0}
    entries = [
        ({"linestyle": "none", "marker": "o", "markersize": 5, **dots}, "Team score"),
        (
            {
                "linestyle": "none",
                "marker": "|",
                "markersize": 11,
                "markeredgewidth": 2.6,
                "color": BLACK,
            },
            "Median",
        ),
    ]
    if has_targets:
        diamond = {"marker": "D", "markersize": 6, "markeredgecolor": "white"}
        entries.append(({"linestyle": "none", "color": VERMILLION, **diamond}, "Target"))
    fh = fig.get_size_inches()[1]
    fig.add_artist(
        Legend(
            fig,
            (0.5, 0.05 / fh),
            fig.transSubfigure,
            "lower center",
            entries,
            fontsize=8,
            ncol=len(entries),
        )
    )
