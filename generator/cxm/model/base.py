"""The value types both file kinds share: dates, levels, names, ids, numbers, weights."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from ..load.document import quote

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> dt.date:
    # YAML dates reach us as text (the loader keeps them so): parse them here, strictly.
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError(
            "iso_date", "expected a date written YYYY-MM-DD, got {value}", {"value": quote(value)}
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "iso_date", "{value} is not a real date", {"value": quote(value)}
        ) from None


# Bounds of the numbers, far beyond any real use, so that no sum, difference or chart scale
# of them can overflow: 1e308 is a finite weight, but two of them sum to infinity, and the
# mean of the scores is then nan. docs/reference/format.md lists them.
MAX_WEIGHT = 1000
MAX_NUMBER = 1e9
MAX_VERSION = 1_000_000

IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
# Levels are bounded by the scale (at most 10 levels, from 0 or 1), which validation checks.
LevelNumber = Annotated[int, Strict()]
Version = Annotated[int, Strict(), Field(ge=0, le=MAX_VERSION)]
Text = Annotated[str, StringConstraints(strip_whitespace=False)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Weight = Annotated[float, Strict(), Field(gt=0, le=MAX_WEIGHT, allow_inf_nan=False)]
Number = Annotated[float, Strict(), Field(ge=-MAX_NUMBER, le=MAX_NUMBER, allow_inf_nan=False)]
FrameworkId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
