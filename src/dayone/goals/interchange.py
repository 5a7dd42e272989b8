"""Goals in and out: CSV in the layouts goal tools export (Betterworks, PeopleCues, Mirro) and
Day One's own CSV and YAML; CSV and Markdown out.

A layout is recognised by its header, whose names are matched without regard to case,
spaces or underscores (docs/goals.md lists each layout's columns). An import is all or
none: every row is checked, and every fault is reported with the file, the line and the
column it is in.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dayone import yamlfile
from dayone.auth.permissions import Actor
from dayone.errors import InvalidInput, UserError, ValidationFailed
from dayone.goals import plans, service
from dayone.goals.models import Goal, Plan
from dayone.goals.schemas import GoalCreate
from dayone.org.models import Initiative, Person

MAX_ROWS = 2000
# field → the header names that carry it, in every layout we read
ALIASES: dict[str, tuple[str, ...]] = {
    "kind": ("kind", "goal type", "type"),
    "text": ("text", "goal", "goal name", "goal title", "objective title", "objective", "key result title", "title",
             "name"),
    "owner": ("owner", "owner email", "owner email id", "owner emails", "objective owner", "owner name", "assignee"),
    "due": ("due", "due date", "end date", "deadline", "objective deadline", "target date"),
    "metric": ("metric", "metric name", "wbr metric"),
    "target": ("target", "target value", "goal target"),
    "period": ("period", "measured over"),
    "percentile": ("percentile",),
    "initiative": ("initiative", "initiative name"),
    "milestones": ("milestones", "key results"),
    "s_team": ("s team", "s-team", "steam", "s_team"),
}
LAYOUTS = (  # (name, header names that identify it)
    ("PeopleCues", ("owner email id", "objective title")),
    ("PeopleCues", ("owner email id", "metric name")),
    ("Mirro", ("objective action", "objective title")),
    ("Mirro", ("objective type", "objective title")),
    ("Betterworks", ("goal name", "owner")),
    ("Betterworks", ("goal name", "owner email")),
    ("Day One", ("text", "owner", "due")),
)
COLUMNS = ("kind", "text", "owner", "due", "metric", "target", "period", "percentile", "initiative", "milestones",
           "s_team", "status", "outcome")
YES = {"yes", "y", "true", "1", "x", "s-team"}


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.strip().lower()).replace("s team", "s team")


def layout_of(header: list[str]) -> str:
    """The layout a header belongs to, by the names only it has."""
    names = {_key(h) for h in header}
    for name, needs in LAYOUTS:
        if all(n in names for n in needs):
            return name
    return "Day One"


def _columns(header: list[str], file: str) -> dict[str, int]:
    found: dict[str, int] = {}
    keys = [_key(h) for h in header]
    for field, names in ALIASES.items():
        for name in names:
            if name in keys:
                found[field] = keys.index(name)
                break
    missing = [f for f in ("text", "owner", "due") if f not in found]
    if missing:
        raise ValidationFailed(f"{file}, line 1: the header has no column for {', '.join(missing)}; name them "
                               f"{' / '.join(repr(ALIASES[missing[0]][i]) for i in range(2))} (docs/goals.md lists "
                               "the layouts read).", details=[{"file": file, "line": 1, "missing": missing}])
    return found


def read_csv(text: str, *, file: str) -> Iterator[tuple[int, dict[str, str], dict[str, int], list[str]]]:
    """Each data row as (line, fields by Day One name, column index by field, header)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise ValidationFailed(f"{file}, line 1: the file is empty; give a header line and one goal a line.")
        columns = _columns(header, file)
        start = reader.line_num
        for count, row in enumerate(reader, start=1):
            if count > MAX_ROWS:
                raise ValidationFailed(f"{file}, line {reader.line_num}: more than {MAX_ROWS} goals; split the file.")
            if not any(cell.strip() for cell in row):
                start = reader.line_num
                continue
            if len(row) > len(header):
                raise ValidationFailed(f"{file}, line {start + 1}, column {len(header) + 1}: the row has {len(row)} "
                                       f"cells but the header names {len(header)}; quote cells holding commas.")
            fields = {f: (row[i].strip() if i < len(row) else "") for f, i in columns.items()}
            yield start + 1, fields, columns, header
            start = reader.line_num
    except csv.Error as exc:
        raise ValidationFailed(f"{file}, line {reader.line_num}: not CSV ({exc}); quote cells holding commas or "
                               "line breaks.") from None


def _person(session: Session, who: str) -> int | None:
    if not who:
        return None
    first = re.split(r"[;,]", who)[0].strip()
    found = session.scalar(select(Person.id).where(func.lower(Person.email) == first.lower()))
    return found or session.scalar(select(Person.id).where(Person.name == first))


def _goal_data(session: Session, plan_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    owner = str(fields.get("owner") or "").strip()
    owner_id = _person(session, owner)
    if owner and owner_id is None:
        raise InvalidInput(f"owner: no person has the email or name {owner!r}; add them on /people first.",
                           field="owner_id")
    if re.search(r"[;,]", owner) and not re.fullmatch(r"[^;,]+", owner.strip(" ;,")):
        raise InvalidInput(f"owner: {owner!r} names more than one owner; a goal has one owner, a person.",
                           field="owner_id")
    initiative_id = None
    if fields.get("initiative"):
        initiative_id = session.scalar(select(Initiative.id).where(Initiative.name == str(fields["initiative"])))
        if initiative_id is None:
            raise InvalidInput(f"initiative: no initiative named {fields['initiative']!r}.", field="initiative_id")
    milestones = fields.get("milestones") or []
    if isinstance(milestones, str):
        milestones = [{"text": m.strip()} for m in milestones.split(";") if m.strip()]
    metric = str(fields.get("metric") or "").strip() or None
    kind = str(fields.get("kind") or "").strip().lower()
    if kind not in ("metric", "initiative"):
        kind = "metric" if metric else "initiative"
    s_team = fields.get("s_team")
    return {"plan_id": plan_id, "kind": kind, "text": fields.get("text") or "", "owner_id": owner_id,
            "due": fields.get("due") or None, "metric": metric, "target": fields.get("target") or None,
            "period": (str(fields.get("period") or "").strip().lower() or None) if metric else None,
            "percentile": fields.get("percentile") or None, "initiative_id": initiative_id,
            "milestones": milestones,
            "s_team": s_team if isinstance(s_team, bool) else str(s_team or "").strip().lower() in YES}


FIELD_OF = {"owner_id": "owner", "initiative_id": "initiative", "plan_id": "text"}


def _create(session: Session, actor: Actor, data: dict[str, Any]) -> Goal:
    try:
        parsed = GoalCreate.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first.get("loc") else "text"
        raise InvalidInput(f"{field}: {first['msg']}.", field=field) from None
    return service.create(session, actor, parsed)


def import_text(session: Session, actor: Actor, plan_id: int, text: str, *, file: str) -> list[Goal]:
    """Goals from a CSV or YAML file into a plan: all of them, or none and every fault named."""
    plan = plans.get(session, plan_id)
    plans.require_editor(session, actor, plan, "import goals")
    rows: list[tuple[int, dict[str, Any], dict[str, int], list[str]]]
    if file.lower().endswith((".yaml", ".yml")):
        rows = [(line, fields, {}, []) for line, fields in read_yaml(text, file=file)]
    else:
        rows = list(read_csv(text, file=file))
    made, problems = [], []
    everything = session.begin_nested()  # all or none, whatever the caller does with its session
    for line, fields, columns, header in rows:
        try:
            with session.begin_nested():
                made.append(_create(session, actor, _goal_data(session, plan.id, fields)))
        except UserError as exc:
            field = FIELD_OF.get(str(getattr(exc, "field", "") or ""), str(getattr(exc, "field", "") or ""))
            where = f"{file}, line {line}"
            if field in columns:
                where += f", column {columns[field] + 1} ({header[columns[field]]})"
            problems.append({"file": file, "line": line, "column": columns[field] + 1 if field in columns else None,
                             "field": field or None, "message": f"{where}: {exc.message}"})
    if problems:
        everything.rollback()
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ValidationFailed(f"Nothing was imported: {problems[0]['message']}{more}", details=problems)
    everything.commit()
    return made


def read_yaml(text: str, *, file: str) -> list[tuple[int, dict[str, Any]]]:
    """Day One's YAML: a list of goals (or ``goals:`` holding one), each with its line."""
    node = yamlfile.compose(text, file=file)
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if k.value == "goals"), None)
    if not isinstance(node, yaml.SequenceNode):
        raise ValidationFailed(f"{file}, line 1: expected a list of goals (or goals: followed by one).")
    out = []
    for item in node.value:
        value = yamlfile.construct(item, file=file)
        line = item.start_mark.line + 1
        if not isinstance(value, dict):
            raise ValidationFailed(f"{file}, line {line}: each goal is a mapping (text:, owner:, due: …).")
        unknown = sorted(set(value) - set(COLUMNS))
        if unknown:
            raise ValidationFailed(f"{file}, line {line}: {unknown[0]!r} is not a goal field; use "
                                   f"{', '.join(COLUMNS[:11])}.")
        out.append((line, {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in value.items()}))
    return out


def rows_of(plan: Plan) -> list[dict[str, Any]]:
    """The plan's goals as Day One's CSV columns."""
    return [{"kind": g.kind, "text": g.text, "owner": g.owner.email, "due": g.due.isoformat(), "metric": g.metric or "",
             "target": "" if g.target is None else f"{g.target:g}", "period": g.period or "",
             "percentile": g.percentile or "", "initiative": g.initiative.name if g.initiative else "",
             "milestones": "; ".join(m["text"] for m in g.milestones or []), "s_team": "yes" if g.s_team else "",
             "status": g.status, "outcome": g.outcome or ""} for g in plan.goals]


def to_csv(plan: Plan) -> str:
    """Day One's CSV: it reads back in with :func:`import_text`."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows_of(plan):
        writer.writerow({k: _safe(v) for k, v in row.items()})
    return out.getvalue()


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"[-+]?\d+(\.\d+)?", value) else value


def to_markdown(plan: Plan) -> str:
    """The plan's appendix of goals as Markdown, S-Team goals marked."""
    lines = [f"# {plan.title} ({plan.stage})", "", "| # | Goal | Owner | Due | Measured by | Status |",
             "|---|---|---|---|---|---|"]
    for n, g in enumerate(plan.goals, start=1):
        measured = (f"{g.metric} ({g.period}{', ' + g.percentile if g.percentile else ''}), target {g.target:g}"
                    if g.metric and g.target is not None else "milestones")
        cell = (g.text.replace("|", "\\|").replace("\n", " ") + (" **(S-Team)**" if g.s_team else ""))
        lines.append(f"| {n} | {cell} | {g.owner.name} | {g.due.isoformat()} | {measured} | {g.status} |")
    return "\n".join(lines) + "\n"
