"""Mechanisms: define them, record occurrences (automatically where Day One sees them),
and inspect adoption — held on schedule over the last periods, lapses, what is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.db.base import utcnow
from dayone.errors import Conflict, InvalidInput, NotFound
from dayone.mechanisms.cadence import Cadence, CadenceError, Period, due_date, period_of, periods
from dayone.mechanisms.models import Mechanism, Occurrence, Tool
from dayone.org.fields import clean_text
from dayone.org.models import Person

# key → (name, cadence, tool, what each occurrence must produce)
BUILTINS = {
    "wbr": ("Weekly Business Review", "weekly on Monday", Tool.WBR,
            "The deck reviewed, anomalies explained by their owners, actions with owners."),
    "document-review": ("Document reviews", "weekly", Tool.DOCUMENT_REVIEW,
                        "A document read in silence, comments answered, an outcome recorded."),
    "decision-revisit": ("Decision revisits", "monthly on day 1", Tool.DECISION_REVISIT,
                         "Each due decision revisited: kept, changed or reversed, with the reason."),
    "hiring-debrief": ("Hiring debriefs", "weekly", Tool.HIRING_DEBRIEF,
                       "Each loop's feedback read side by side, a hire or no-hire with the reason."),
    "goal-review": ("Quarterly goal reviews", "quarterly", Tool.GOAL_REVIEW,
                    "Each plan's goals read red first: status measured, changes since the last review, actions."),
}


def ensure_builtins(session: Session) -> None:
    """The built-in mechanisms exist in every workspace from the start."""
    present = set(session.scalars(select(Mechanism.builtin).where(Mechanism.builtin.is_not(None))))
    for key, (name, cadence, tool, produces) in BUILTINS.items():
        if key not in present:
            session.add(Mechanism(name=name, cadence=cadence, tool=tool.value, produces=produces,
                                  builtin=key, started_on=utcnow().date()))
    session.flush()


def parse_cadence(text: str) -> Cadence:
    try:
        return Cadence.parse(text)
    except CadenceError as exc:
        raise InvalidInput(str(exc), field="cadence") from None


def list_all(session: Session) -> list[Mechanism]:
    ensure_builtins(session)
    return list(session.scalars(select(Mechanism).options(selectinload(Mechanism.occurrences))
                                .order_by(Mechanism.builtin.is_(None), Mechanism.name)))


def get(session: Session, mechanism_id: int) -> Mechanism:
    found = session.get(Mechanism, mechanism_id, options=[selectinload(Mechanism.occurrences)])
    if found is None:
        raise NotFound(f"No mechanism with id {mechanism_id}.")
    return found


def create(session: Session, actor: Actor, *, name: str, cadence: str, tool: str, produces: str = "",
           description: str = "", owner_id: int | None = None, started_on: date | None = None) -> Mechanism:
    require_role(actor, Role.MEMBER, "define mechanisms")
    title = clean_text("name", name, max_length=200, required=True)
    if session.scalar(select(Mechanism.id).where(Mechanism.name == title)):
        raise Conflict(f"name: a mechanism called {title!r} exists already.",
                       details=[{"field": "name", "message": "already used"}])
    rhythm = parse_cadence(cadence)
    try:
        kind = Tool(tool)
    except ValueError:
        raise InvalidInput(f"tool: {tool!r}; use one of {', '.join(t.value for t in Tool)}.",
                           field="tool") from None
    if kind is Tool.OTHER and not description.strip():
        raise InvalidInput("description: describe the tool when it is not one of Day One's.",
                           field="description")
    today = utcnow().date()
    if started_on is not None and not (date(2000, 1, 1) <= started_on <= today.replace(year=today.year + 1)):
        raise InvalidInput("started_on: give a date between 2000-01-01 and a year from today.", field="started_on")
    owner = owner_id or actor.person_id
    if owner is not None and session.get(Person, owner) is None:
        raise InvalidInput(f"owner_id: no person with id {owner}.", field="owner_id")
    made = Mechanism(name=title, cadence=rhythm.describe(), tool=kind.value,
                     produces=clean_text("produces", produces, max_length=5000),
                     description=clean_text("description", description, max_length=5000),
                     owner_id=owner, started_on=started_on or utcnow().date())
    session.add(made)
    session.flush()
    audit.record(session, actor, "create", "mechanism", made.id, f"mechanism {title!r}, {made.cadence}")
    return made


def record(session: Session, actor: Actor, mechanism_id: int, *, occurred_on: date, output: str,
           link: str = "") -> Occurrence:
    require_role(actor, Role.MEMBER, "record occurrences")
    mechanism = get(session, mechanism_id)
    if occurred_on > utcnow().date():
        raise InvalidInput("occurred_on: an occurrence cannot be in the future.", field="occurred_on")
    link = clean_text("link", link, max_length=500)
    if link and (not link.startswith(("/", "https://", "http://")) or link.startswith(("//", "/\\"))):
        raise InvalidInput("link: give a web address (https://…) or a Day One path (/documents/3).",
                           field="link")
    made = Occurrence(mechanism_id=mechanism.id, occurred_on=occurred_on, source="manual",
                      output=clean_text("output", output, max_length=5000, required=True),
                      link=link, recorded_by_id=actor.person_id)
    session.add(made)
    session.flush()
    audit.record(session, actor, "record", "mechanism", mechanism.id, f"held on {occurred_on}")
    return made


def record_builtin(session: Session, key: str, output: str, *, link: str = "",
                   on: date | None = None) -> None:
    """An occurrence Day One saw happen: a review held, a decision revisited, a deck built."""
    ensure_builtins(session)
    mechanism = session.scalar(select(Mechanism).where(Mechanism.builtin == key))
    assert mechanism is not None
    session.add(Occurrence(mechanism_id=mechanism.id, occurred_on=on or utcnow().date(), source="auto",
                           output=output[:5000], link=link[:500]))


@dataclass(frozen=True)
class PeriodReport:
    period: Period
    due: date
    held: bool
    outputs: list[str]


@dataclass(frozen=True)
class Inspection:
    mechanism: Mechanism
    periods: list[PeriodReport]  # oldest first; the last one is the current period
    held: int
    expected: int
    lapses: list[PeriodReport]
    due_now: PeriodReport | None  # the current period, when not yet held

    @property
    def adoption(self) -> float | None:
        return self.held / self.expected if self.expected else None


def inspect(mechanism: Mechanism, today: date, count: int = 8) -> Inspection:
    cadence = Cadence.parse(mechanism.cadence)
    anchor = mechanism.started_on
    first = period_of(cadence, anchor, anchor=anchor)
    window = [p for p in periods(cadence, until=today, count=count, anchor=anchor) if p.end >= first.start]
    reports = []
    for p in window:
        outputs = [o.output for o in mechanism.occurrences if p.start <= o.occurred_on <= p.end]
        reports.append(PeriodReport(p, due_date(cadence, p), bool(outputs), outputs))
    closed = [r for r in reports if r.period.end < today]  # the current period is still open
    current = reports[-1] if reports and reports[-1].period.end >= today else None
    return Inspection(mechanism, reports, sum(r.held for r in closed), len(closed),
                      [r for r in closed if not r.held], current if current and not current.held else None)
