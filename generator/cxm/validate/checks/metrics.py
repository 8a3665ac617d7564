"""Checks of `metrics`: the outcome metrics the framework defines."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Diagnostic
from ...load.document import quote
from .context import CheckContext


def metrics_known_and_in_bounds(ctx: CheckContext) -> Iterable[Diagnostic]:
    """Each metric is one of the framework's, its value and target within its min..max."""
    fw = ctx.framework
    metric_ids = [m.id for m in fw.metrics]
    for metric_id, entry in ctx.assessment.metrics.items():
        spec = fw.metric(metric_id)
        loc = ("metrics", metric_id)
        if spec is None:
            yield ctx.error(
                "unknown-metric",
                loc,
                f"unknown metric {quote(metric_id)}" + ctx.suggest(metric_id, metric_ids),
                key=True,
            )
            continue
        for field in ("value", "target"):
            value = getattr(entry, field)
            too_low = spec.min is not None and value is not None and value < spec.min
            too_high = spec.max is not None and value is not None and value > spec.max
            if too_low or too_high:
                bounds = f"{_num(spec.min)}..{_num(spec.max)}"
                yield ctx.error(
                    "out-of-range",
                    (*loc, field),
                    f"{metric_id} {field} {_num(value)} is outside {bounds}",
                )


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)
