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

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> dt.date:
    # YAML dates reach us as text (the loader keeps them so): parse them here, strictly.
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError(
            "iso_date", "expected a date written YYYY-MM-DD, got {value}", {"value": repr(value)}
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "iso_date", "{value} is not a real date", {"value": repr(value)}
        ) from None


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
LevelNumber = Annotated[int, Strict()]
Text = Annotated[str, StringConstraints(strip_whitespace=False)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Weight = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
FrameworkId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
