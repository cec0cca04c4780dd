"""What the feedback routes accept: the KPI query and the survey form."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class MetricsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date | None = Field(default=None, alias="from", description="first day, YYYY-MM-DD (store time); "
                                                                       "default 29 days before `to`")
    to: date | None = Field(default=None, description="last day, YYYY-MM-DD, included; default today")
    group_by: Literal["day", "week", "month", "category", "channel", "priority"] | None = Field(
        default=None, description="also give the figures per day, week, month, category, channel or priority")


class SurveyForm(BaseModel):
    """The survey page's form (what the browser posts)."""

    csat: int = Field(ge=1, le=5, description="how satisfied: 1 (very dissatisfied) to 5 (very satisfied)")
    nps: int | None = Field(default=None, ge=0, le=10, description="how likely to recommend us, 0 to 10")
    comment: str = Field(default="", max_length=2000)
