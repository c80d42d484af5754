"""The base of every model: unknown keys refused, the input never echoed in errors."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Base(BaseModel):
    # hide_input_in_errors: an alias bomb in the input would make str(error) explode.
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, frozen=False)
