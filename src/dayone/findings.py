"""One type for every check Day One makes: writing checks, metric-config
validation, organization rules, hiring-loop completeness, experiment guardrails."""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"


@dataclass(frozen=True)
class Location:
    """Where a finding points: a file and line, or a record of the workspace."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    field: str | None = None
    record_type: str | None = None
    record_id: int | None = None
    record_name: str | None = None


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str
    message: str
    location: Location
    suggestion: str | None = None
    priority: str | None = None  # the writing checker's: "major" (shown first) or "minor"

    def to_dict(self) -> dict[str, Any]:
        where = {f.name: getattr(self.location, f.name) for f in fields(Location)}
        out = {"level": self.level.value, "code": self.code, "message": self.message,
               "location": {k: v for k, v in where.items() if v is not None},
               "suggestion": self.suggestion}
        if self.priority is not None:
            out["priority"] = self.priority
        return out
