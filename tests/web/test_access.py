"""Walk every route and API endpoint as anonymous, viewer, member (owner and
outsider) and admin, and check each answer. A route missing from ROUTES fails the
test, so a new page cannot ship without saying who may use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select

from dayone.auth.models import Role, User
from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.decisions.models import Decision
from dayone.org import service as org
from dayone.org.models import Initiative, Person, Team
from dayone.org.schemas import InitiativeCreate, PersonCreate, TeamCreate
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.conftest import People
from tests.helpers import csrf_of, sign_in
from tests.hiring.walk import general_cases

ROLES = ("anonymous", "viewer", "outsider", "member", "admin")
# who gets the success answer, by kind of route
ALLOWED = {
    "public": set(ROLES),
    "read": {"viewer", "outsider", "member", "admin"},
    "create": {"outsider", "member", "admin"},
    "own": {"member", "admin"},  # the member belongs to the team that owns the target
    "admin": {"admin"},
    "author": {"member"},  # documents: only the author (a member) edits; admins get no key
    "upload": {"member", "admin"},  # the WBR's data: admins and the members an admin allows (the member)
}


@dataclass
class Target:
    """Fresh records for one request, so deletions never disturb the next."""

    ws: Workspace
    people: People
    n: int = 0
    role: str = "anonymous"  # the role walking: its own API token is the one its account page revokes

    def _id(self, model: type, **where: Any) -> int:
        with self.ws.session() as s:
            return s.scalar(select(model.id).filter_by(**where))

    def member_person(self) -> int:
        return self._id(Person, email=self.people.member)

    def core_team(self) -> int:
        return self._id(Team, name="Core")

    def new_team(self) -> int:
        self.n += 1
        with self.ws.session() as s:
            return org.create_team(s, CLI_ACTOR, TeamCreate(name=f"Sub {self.n}",
                                                            parent_id=self.core_team())).id

    def new_person(self) -> int:
        self.n += 1
        with self.ws.session() as s:
            return org.create_person(s, CLI_ACTOR, PersonCreate(
                name=f"P{self.n}", email=f"p{self.n}@example.com", team_id=self.core_team())).id

    def new_initiative(self) -> int:
        self.n += 1
        with self.ws.session() as s:
            return org.create_initiative(s, CLI_ACTOR, InitiativeCreate(
                name=f"I{self.n}", team_id=self.core_team())).id

    def core_initiative(self) -> int:
        found = self._id(Initiative, name="Core work")
        if found:
            return found
        with self.ws.session() as s:
            return org.create_initiative(s, CLI_ACTOR, InitiativeCreate(
                name="Core work", team_id=self.core_team())).id

    def member_doc(self) -> int:
        """A PR/FAQ by the member, visible to everyone."""
        from dayone.documents import service as docs
        from dayone.documents.models import Document, DocumentType
        from dayone.documents.schemas import DocumentCreate, DocumentUpdate

        found = self._id(Document, title="Member's PR/FAQ")
        if found:
            return found
        with self.ws.session() as s:
            doc = docs.create(s, CLI_ACTOR, DocumentCreate(title="Member's PR/FAQ",
                                                           doc_type=DocumentType.PRFAQ),
                              author_id=self.member_person())
            docs.update(s, CLI_ACTOR, doc.id, DocumentUpdate(shared_with_all=True))
            return doc.id

    def doc_version(self, document_id: int) -> int:
        from dayone.documents.models import Document

        with self.ws.session() as s:
            return s.get(Document, document_id).latest_version

    def shared_doc(self) -> dict[str, int]:
        from dayone.documents import service as docs

        doc = self.member_doc()
        person = self.new_person()
        with self.ws.session() as s:
            docs.share(s, CLI_ACTOR, doc, person, False)
        return {"document_id": doc, "person_id": person}

    def review(self, state: str = "scheduled") -> int:
        """A fresh review of the member's document, organized by the member."""
        from datetime import UTC, datetime

        from dayone.documents import reviews
        from dayone.org.models import Person as P

        doc = self.member_doc()
        with self.ws.session() as s:
            member = s.get(P, self.member_person())
            actor = Actor(user_id=None, person_id=member.id, role=Role.MEMBER, label=member.email)
            review = reviews.schedule(s, actor, doc, invitee_ids=[], version=1,
                                      scheduled_for=datetime(2027, 3, 3, tzinfo=UTC))
            if state in ("reading", "discussion"):
                reviews.start(s, actor, review.id)
            if state == "discussion":
                reviews.end_reading(s, actor, review.id)
            return review.id

    def thread(self) -> int:
        """A comment by the member on a review in discussion."""
        from dayone.documents import reviews
        from dayone.org.models import Person as P

        review_id = self.review("discussion")
        with self.ws.session() as s:
            member = s.get(P, self.member_person())
            actor = Actor(user_id=None, person_id=member.id, role=Role.MEMBER, label=member.email)
            return reviews.comment(s, actor, review_id, "customer benefit", "Which benefit?").id

    def decision(self, state: str = "proposed", approver: bool = False) -> int:
        """A fresh two-way-door decision owned by the member (decided when asked)."""
        from dayone.decisions import service as decisions
        from dayone.decisions.schemas import DecisionCreate

        self.n += 1
        with self.ws.session() as s:
            member = s.get(Person, self.member_person())
            actor = Actor(user_id=None, person_id=member.id, role=Role.MEMBER, label=member.email)
            made = decisions.create(s, actor, DecisionCreate.model_validate({
                "title": f"Decision {self.n}", "type_answers": {
                    "undo_cost": "cheap", "undo_time": "days", "customers": "few", "legal_or_safety": "no"},
                "approver_ids": [member.id] if approver else [],
                "decide_now": state == "decided"}))
            return made.id

    def experiment(self, state: str = "designed", data: bool = False, market: bool = False) -> int:
        """A fresh experiment owned by the member, moved to ``state`` (with statistics once running;
        ``market``: a market test too)."""
        from dayone.experiments import service as experiments
        from dayone.experiments.schemas import ExperimentCreate, TransitionIn

        self.n += 1
        with self.ws.session() as s:
            member = s.get(Person, self.member_person())
            actor = Actor(user_id=None, person_id=member.id, role=Role.MEMBER, label=member.email)
            made = experiments.create(s, actor, ExperimentCreate.model_validate({
                "title": f"Experiment {self.n}", "primary_metric": "m", "minimum_effect": 0.02,
                **({"data_file": "units.csv", "variant_column": "variant"} if data else {})}))
            steps = ("designed", "running", "stopped")
            for step in steps[1:steps.index(state) + 1] if state in steps else ():
                experiments.transition(s, actor, made.id, TransitionIn.model_validate({"status": step}))
                if step == "running":
                    experiments.store_statistics(s, actor, made.id, EXPERIMENT_CSV)
                    if market:
                        experiments.store_market(s, actor, made.id, MARKET_CSV, "m.csv", treated=["A"],
                                                 start=date(2026, 1, 3))
        if data:
            folder = self.ws.settings.home / "data"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "units.csv").write_text("variant,m\n" + "control,1\ntreatment,2\ncontrol,3\ntreatment,5\n" * 3)
        return made.id

    def mechanism(self) -> int:
        from dayone.mechanisms import service as mechanisms

        with self.ws.session() as s:
            return mechanisms.list_all(s)[0].id

    def wbr(self) -> dict[str, Any]:
        """The workspace's WBR set to a small metrics file (once)."""
        import csv
        from datetime import date, timedelta

        from dayone.documents.models import WorkspaceSetting
        from dayone.wbr import service as wbr

        with self.ws.session() as s:
            if s.get(WorkspaceSetting, wbr.METRICS_FILE) is not None:  # set by an earlier route
                return {"week_ending": "2026-11-21"}
            folder = self.ws.settings.home / "data"  # the one folder its metrics file may read
            folder.mkdir(parents=True, exist_ok=True)
            with (folder / "d.csv").open("w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["date", "n"])
                for i in range(400):
                    writer.writerow([date(2026, 11, 21) - timedelta(days=i), 10])
            (folder / "m.yaml").write_text(WBR_FILE)
            wbr.use(s, CLI_ACTOR, folder / "m.yaml")
        return {"week_ending": "2026-11-21"}

    def uploader(self) -> dict[str, Any]:
        """The member (not the outsider, another member) allowed to upload the WBR's data."""
        from dayone.wbr import uploaders

        with self.ws.session() as s:
            if self.people.member not in uploaders.listed(s):
                uploaders.set_uploaders(s, CLI_ACTOR, [self.people.member])
        return {}

    def pending(self, name: str = "d") -> dict[str, Any]:
        """A pending upload NAME: the 400 days of the metrics file's own data, uploaded again."""
        week = self.wbr()
        folder = self.ws.settings.home / "data" / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f".pending-{name}.csv").write_bytes((self.ws.settings.home / "data" / "d.csv").read_bytes())
        return {**week, "name": name}

    def extra_metric(self) -> dict[str, Any]:
        """A metric of its own to edit or remove: nothing else in the walk reads it."""
        from dayone.wbr import service as wbr

        week = self.wbr()
        self.n += 1
        with self.ws.session() as s:
            wbr.add_metric(s, CLI_ACTOR, f"extra{self.n}", {"source": "d", "column": "n"}, based_on=None)
        return {**week, "name": f"extra{self.n}"}

    def plan(self, fresh: bool = False, op2: bool = False) -> int:
        """Team Core's plan (2026; a fresh one for a later year with ``fresh``), at OP2 with ``op2``."""
        from dayone.goals import plans
        from dayone.goals.models import Plan
        from dayone.goals.schemas import PlanCreate

        self.wbr()
        team_id = self.core_team()
        with self.ws.session() as s:
            found = None if fresh or op2 else s.scalar(select(Plan.id).where(Plan.year == 2026))
            if found is None:
                self.n += 1
                found = plans.create(s, CLI_ACTOR, PlanCreate(year=2026 if not (fresh or op2) else 2100 + self.n,
                                                             team_id=team_id)).id
                if op2:
                    plans.start_op2(s, CLI_ACTOR, found)
            return found

    def goal(self) -> int:
        """A fresh metric goal on the WBR's metric n, owned by the member, in Core's plan."""
        from dayone.goals import service as goals
        from dayone.goals.schemas import GoalCreate

        plan_id, owner_id = self.plan(), self.member_person()
        with self.ws.session() as s:
            return goals.create(s, CLI_ACTOR, GoalCreate.model_validate({
                "plan_id": plan_id, "kind": "metric", "text": "Keep n at 70 a week in 2026.", "metric": "n",
                "target": 70, "period": "week", "due": "2026-12-31", "owner_id": owner_id})).id

    def goal_review(self) -> dict[str, Any]:
        from dayone.goals import review
        from dayone.goals.schemas import ReviewIn

        plan_id = self.plan()
        with self.ws.session() as s:
            return {"plan_id": plan_id, "goal_review_id": review.hold(s, CLI_ACTOR, plan_id, ReviewIn()).id}

    def metrics_file_version(self) -> int:
        from dayone.wbr import service as wbr

        with self.ws.session() as s:
            return wbr.current_file(s).id

    def note_version(self, metric: str) -> str:
        """The note's updated_at, or "" while it has none (the `based_on` of a note update)."""
        from datetime import date

        from dayone.wbr import service as wbr

        with self.ws.session() as s:
            note = wbr.notes(s, date(2026, 11, 21)).get(metric)
            return note.updated_at.isoformat() if note else ""

    def new_doc(self) -> int:
        """A fresh PR/FAQ by the member, visible to everyone (to archive)."""
        from dayone.documents import service as docs
        from dayone.documents.models import DocumentType
        from dayone.documents.schemas import DocumentCreate, DocumentUpdate

        self.n += 1
        with self.ws.session() as s:
            doc = docs.create(s, CLI_ACTOR, DocumentCreate(title=f"Doc {self.n}", doc_type=DocumentType.PRFAQ),
                              author_id=self.member_person())
            docs.update(s, CLI_ACTOR, doc.id, DocumentUpdate(shared_with_all=True))
            return doc.id

    def archived(self, kind: str) -> dict[str, Any]:
        """A fresh record of KIND the member owns, in the archive."""
        from dayone.archive import service as archive

        record_id = {"document": self.new_doc, "initiative": self.new_initiative, "team": self.new_team,
                     "decision": self.decision, "experiment": self.experiment}[kind]()
        with self.ws.session() as s:
            archive.archive(s, CLI_ACTOR, kind, record_id)
        return {f"{kind}_id": record_id, "kind": kind, "ref": record_id}

    def archived_metric(self) -> dict[str, Any]:
        from dayone.archive import service as archive

        metric = self.extra_metric()
        with self.ws.session() as s:
            archive.archive(s, CLI_ACTOR, "metric", metric["name"])
        return metric

    def edited_decision(self) -> dict[str, Any]:
        """A proposed decision of the member's, edited once (so it has versions 1 and 2)."""
        from dayone.decisions import service as decisions
        from dayone.decisions.schemas import DecisionEdit

        decision_id = self.decision()
        with self.ws.session() as s:
            version = s.get(Decision, decision_id).version
            decisions.edit(s, CLI_ACTOR, decision_id, DecisionEdit(version=version, choice="Edited."))
        return {"decision_id": decision_id, "number": 2}

    def own_token(self) -> dict[str, Any]:
        """A token of the walking role's own account (the viewer's for anonymous)."""
        from dayone.auth import service as accounts

        email = getattr(self.people, "viewer" if self.role == "anonymous" else self.role)
        with self.ws.session() as s:
            return {"token_id": accounts.create_token(s, CLI_ACTOR, email, "walk").token.id}

    def version(self, model: type, record_id: int) -> int:
        with self.ws.session() as s:
            return s.get(model, record_id).version

    def user_id(self, email: str) -> int:
        with self.ws.session() as s:
            return s.scalar(select(User.id).join(User.person).where(Person.email == email))


@dataclass
class Case:
    kind: str
    params: Callable[[Target], dict[str, Any]] = lambda t: {}
    body: Callable[[Target, dict[str, Any]], dict[str, Any]] | None = None
    ok: tuple[int, ...] = (200,)
    denied_anonymous: int | None = None  # default: 303 for pages, 401 for the API
    query: str = ""
    json_page: bool = False  # a page endpoint that takes JSON and the X-CSRF-Token header
    upload: bool = False  # sends a CSV: the API's body as text/csv, a page's as a multipart form
    upload_text: str | None = None  # the CSV sent (default: UPLOADED_CSV, data for the WBR)
    denied: int | None = None  # what the roles not allowed get (default 403; 404 where a record stays hidden)
    notes: list[str] = field(default_factory=list)


_person = lambda t: {"person_id": t.member_person()}
_team = lambda t: {"team_id": t.core_team()}
_initiative = lambda t: {"initiative_id": t.core_initiative()}
_new_team = lambda t: {"team_id": t.new_team()}
_new_person = lambda t: {"person_id": t.new_person()}
_new_initiative = lambda t: {"initiative_id": t.new_initiative()}
_target_user = lambda t: {"user_id": t.user_id("vic@example.com")}
_doc = lambda t: {"document_id": t.member_doc()}
_doc_v = lambda t: {"document_id": t.member_doc(), "number": 1}
_scheduled = lambda t: {"review_id": t.review("scheduled")}
_reading = lambda t: {"review_id": t.review("reading")}
_thread = lambda t: {"comment_id": t.thread()}
_decision = lambda t: {"decision_id": t.decision()}
_decided = lambda t: {"decision_id": t.decision("decided")}
_to_approve = lambda t: {"decision_id": t.decision(approver=True)}
_mechanism = lambda t: {"mechanism_id": t.mechanism()}
_experiment = lambda t: {"experiment_id": t.experiment()}
_plan = lambda t: {"plan_id": t.plan()}
_fresh_plan = lambda t: {"plan_id": t.plan(fresh=True)}
_op2_plan = lambda t: {"plan_id": t.plan(op2=True)}
_goal = lambda t: {"goal_id": t.goal()}
GOAL_BODY = lambda t, p: {"kind": "metric", "text": "Keep n at 70 a week in 2026.", "metric": "n", "target": "70",
                          "period": "week", "due": "2026-12-31"}
GOALS_CSV = "text,owner,due\nShip the import by 1 May 2026.,max@example.com,2026-05-01\n"
_running = lambda t: {"experiment_id": t.experiment("running")}
_stopped = lambda t: {"experiment_id": t.experiment("stopped")}
_with_data = lambda t: {"experiment_id": t.experiment("running", data=True)}
_with_market = lambda t: {"experiment_id": t.experiment("running", market=True)}
EXPERIMENT_CSV = "variant,metric,n,sum,sum_squares\ncontrol,m,100,10,10\ntreatment,m,100,12,12\n"
MARKET_CSV = "region,date,value\n" + "".join(f"{r},2026-01-0{d},{v + d}\n" for r, v in (("A", 10), ("B", 20), ("C", 30))
                                             for d in (1, 2, 3))
ANSWERS = {"undo_cost": "cheap", "undo_time": "days", "customers": "few", "legal_or_safety": "no"}

WBR_FILE = "sources: {d: {csv: d.csv, date_column: date}}\nmetrics: {n: {source: d, column: n}}\n"

ROUTES: dict[tuple[str, str], Case] = {
    ("GET", "/"): Case("public", ok=(303,)),
    ("GET", "/-/health"): Case("public"),
    ("GET", "/favicon.ico"): Case("public", ok=(301,)),
    ("GET", "/api/v1/openapi.json"): Case("public"),
    ("GET", "/api/v1/docs"): Case("public"),
    ("GET", "/sign-in"): Case("public", ok=(200, 303)),
    ("POST", "/sign-in"): Case("public", body=lambda t, p: {"email": "x@example.com",
                                                            "password": "wrong-password"}, ok=(401,)),
    ("POST", "/sign-out"): Case("public", body=lambda t, p: {}, ok=(303,)),
    ("GET", "/account"): Case("read"),
    ("POST", "/account/tokens"): Case("read", body=lambda t, p: {"name": "script", "days": "30"},
                                      denied_anonymous=401),
    ("GET", "/account/tokens/{token_id}/revoke"): Case("read", lambda t: t.own_token()),
    ("POST", "/account/tokens/{token_id}/revoke"): Case("read", lambda t: t.own_token(), body=lambda t, p: {},
                                                        ok=(303,), denied_anonymous=401),
    # the archive: each kind's confirmation, archive and restore; an admin's removal for good
    ("GET", "/archive"): Case("read"),
    ("GET", "/archive/{kind}/{ref}/purge"): Case("admin", lambda t: t.archived("initiative")),
    ("POST", "/archive/{kind}/{ref}/purge"): Case("admin", lambda t: t.archived("initiative"), body=lambda t, p: {},
                                                  ok=(303,)),
    ("GET", "/api/v1/archive"): Case("read"),
    **{key: case for kind, plural, who, fresh in (
        ("document", "documents", "author", lambda t: {"document_id": t.new_doc()}),
        ("initiative", "initiatives", "own", _new_initiative),
        ("team", "teams", "own", _new_team),
        ("decision", "decisions", "own", _decision),
        ("experiment", "experiments", "own", lambda t: {"experiment_id": t.experiment()}))
       for key, case in (
        (("GET", f"/{plural}/{{{kind}_id}}/archive"), Case(who, fresh)),
        (("POST", f"/{plural}/{{{kind}_id}}/archive"), Case(who, fresh, body=lambda t, p: {}, ok=(303,))),
        (("POST", f"/{plural}/{{{kind}_id}}/restore"), Case("own", lambda t, k=kind: t.archived(k),
                                                           body=lambda t, p: {}, ok=(303,))),
        (("POST", f"/api/v1/{plural}/{{{kind}_id}}/archive"), Case(who, fresh)),
        (("POST", f"/api/v1/{plural}/{{{kind}_id}}/restore"), Case("own", lambda t, k=kind: t.archived(k))))},
    ("DELETE", "/api/v1/documents/{document_id}"): Case("admin", lambda t: t.archived("document")),
    ("DELETE", "/api/v1/decisions/{decision_id}"): Case("admin", lambda t: t.archived("decision")),
    ("DELETE", "/api/v1/experiments/{experiment_id}"): Case("admin", lambda t: t.archived("experiment")),
    # decisions edited while proposed
    ("GET", "/decisions/{decision_id}/edit"): Case("author", _decision),
    ("POST", "/decisions/{decision_id}/edit"): Case("author", _decision, body=lambda t, p: {
        "version": str(t.version(Decision, p["decision_id"])), "title": "Edited", "choice": "B"}, ok=(303,)),
    ("GET", "/decisions/{decision_id}/versions/{number}"): Case("read", lambda t: t.edited_decision()),
    ("PATCH", "/api/v1/decisions/{decision_id}"): Case("author", _decision, body=lambda t, p: {
        "version": t.version(Decision, p["decision_id"]), "choice": "B"}),
    ("GET", "/api/v1/decisions/{decision_id}/versions"): Case("read", _decision),
    ("POST", "/account/password"): Case("read", body=lambda t, p: {
        "current_password": "wrong", "new_password": "x" * 12, "confirm_password": "x" * 12},
        ok=(422,), denied_anonymous=401),
    ("POST", "/account/time-zone"): Case("read", body=lambda t, p: {"time_zone": "Europe/Paris"}),
    ("GET", "/agenda"): Case("read"),
    ("POST", "/account/notifications"): Case("read", body=lambda t, p: {"n-wbr-note": "digest"}, ok=(303,)),
    ("GET", "/admin/notifications"): Case("admin"),
    # the walk's workspace has no SMTP server: the test message is refused with a clear 409
    ("POST", "/admin/notifications/test"): Case("admin", body=lambda t, p: {}, ok=(409,)),
    ("GET", "/org"): Case("read"),
    ("GET", "/people"): Case("read"),
    ("GET", "/people/new"): Case("admin"),
    ("POST", "/people/new"): Case("admin", body=lambda t, p: {
        "name": "New", "email": f"new{t.n}@example.com"}, ok=(303,)),
    ("GET", "/people/{person_id}"): Case("read", _person),
    ("POST", "/people/{person_id}"): Case("own", _person, body=lambda t, p: {
        "version": t.version(Person, p["person_id"]), "title": "Edited"}, ok=(303,)),
    ("POST", "/people/{person_id}/delete"): Case("admin", _new_person, body=lambda t, p: {},
                                                 ok=(303,)),
    ("GET", "/teams"): Case("read"),
    ("GET", "/teams/new"): Case("create"),
    ("POST", "/teams/new"): Case("create", body=lambda t, p: {"name": f"Made {t.n}-{id(p)}"},
                                 ok=(303,)),
    ("GET", "/teams/{team_id}"): Case("read", _team),
    ("POST", "/teams/{team_id}"): Case("own", _team, body=lambda t, p: {
        "version": t.version(Team, p["team_id"]), "mission": "Edited"}, ok=(303,)),
    ("GET", "/initiatives"): Case("read"),
    ("GET", "/initiatives/new"): Case("create"),
    ("POST", "/initiatives/new"): Case("create", body=lambda t, p: {
        "name": f"Made {t.n}-{id(p)}", "status": "proposed"}, ok=(303,)),
    ("GET", "/initiatives/{initiative_id}"): Case("read", _initiative),
    ("POST", "/initiatives/{initiative_id}"): Case("own", _initiative, body=lambda t, p: {
        "version": t.version(Initiative, p["initiative_id"]), "goal": "Edited"}, ok=(303,)),
    ("GET", "/admin/users"): Case("admin"),
    ("POST", "/admin/users"): Case("admin", body=lambda t, p: {
        "name": "Acc", "email": f"acc{id(p)}@example.com", "role": "viewer",
        "password": "long-enough-pw"}),
    ("POST", "/admin/users/{user_id}/role"): Case("admin", _target_user,
                                                  body=lambda t, p: {"role": "viewer"}),
    ("POST", "/admin/users/{user_id}/reset-password"): Case("admin", _target_user,
                                                            body=lambda t, p: {}),
    ("POST", "/admin/users/{user_id}/active"): Case("admin", _target_user, body=lambda t, p: {"active": "yes"}),
    ("GET", "/admin/audit"): Case("admin"),
    ("GET", "/search"): Case("read", query="?q=member+zephyr&kind=document"),
    ("GET", "/api/v1/search"): Case("read", query="?q=member&kind=document,person&limit=5"),
    # the API
    ("GET", "/api/v1/me"): Case("read"),
    ("PATCH", "/api/v1/me"): Case("read", body=lambda t, p: {"time_zone": "UTC"}),
    ("GET", "/api/v1/me/agenda"): Case("read"),
    ("GET", "/api/v1/me/notifications"): Case("read"),
    ("PUT", "/api/v1/me/notifications"): Case("read", body=lambda t, p: {"deliveries": {"wbr-note": "digest"}}),
    ("GET", "/api/v1/users"): Case("admin"),
    ("POST", "/api/v1/users"): Case("admin", body=lambda t, p: {
        "name": "Api", "email": f"api{id(p)}@example.com", "password": "long-enough-pw"},
        ok=(201,)),
    ("PATCH", "/api/v1/users/{user_id}"): Case("admin", _target_user,
                                               body=lambda t, p: {"role": "viewer"}),
    ("POST", "/api/v1/users/{user_id}/password-reset"): Case("admin", _target_user),
    ("GET", "/api/v1/audit"): Case("admin"),
    ("GET", "/api/v1/people"): Case("read"),
    ("POST", "/api/v1/people"): Case("admin", body=lambda t, p: {
        "name": "N", "email": f"n{id(p)}@example.com"}, ok=(201,)),
    ("GET", "/api/v1/people/{person_id}"): Case("read", _person),
    ("PATCH", "/api/v1/people/{person_id}"): Case("own", _person, body=lambda t, p: {
        "version": t.version(Person, p["person_id"]), "title": "Edited"}),
    ("DELETE", "/api/v1/people/{person_id}"): Case("admin", _new_person, ok=(204,)),
    ("GET", "/api/v1/teams"): Case("read"),
    ("POST", "/api/v1/teams"): Case("create", body=lambda t, p: {"name": f"T{id(p)}"}, ok=(201,)),
    ("GET", "/api/v1/teams/{team_id}"): Case("read", _team),
    ("PATCH", "/api/v1/teams/{team_id}"): Case("own", _team, body=lambda t, p: {
        "version": t.version(Team, p["team_id"]), "mission": "Edited"}),
    ("DELETE", "/api/v1/teams/{team_id}"): Case("admin", lambda t: t.archived("team")),
    ("GET", "/api/v1/initiatives"): Case("read"),
    ("POST", "/api/v1/initiatives"): Case("create", body=lambda t, p: {"name": f"I{id(p)}"},
                                          ok=(201,)),
    ("GET", "/api/v1/initiatives/{initiative_id}"): Case("read", _initiative),
    ("PATCH", "/api/v1/initiatives/{initiative_id}"): Case("own", _initiative, body=lambda t, p: {
        "version": t.version(Initiative, p["initiative_id"]), "goal": "Edited"}),
    ("DELETE", "/api/v1/initiatives/{initiative_id}"): Case("admin", lambda t: t.archived("initiative")),
    ("GET", "/api/v1/org/findings"): Case("read"),
    # documents
    ("GET", "/documents"): Case("read"),
    ("GET", "/documents/new"): Case("create"),
    ("POST", "/documents/new"): Case("create", body=lambda t, p: {"title": f"D{id(p)}",
                                                                  "doc_type": "narrative"}, ok=(303,)),
    ("GET", "/documents/{document_id}"): Case("read", _doc),
    ("GET", "/documents/{document_id}/edit"): Case("author", _doc),
    ("POST", "/documents/{document_id}/edit"): Case("author", _doc, body=lambda t, p: {
        "body": "# New text\n", "base_version": t.doc_version(p["document_id"])}, ok=(303,)),
    ("POST", "/documents/{document_id}/live-check"): Case("read", _doc, json_page=True,
                                                          body=lambda t, p: {"body": "Hello."}),
    ("GET", "/documents/{document_id}/versions/{number}"): Case("read", _doc_v),
    ("GET", "/documents/{document_id}/compare"): Case("read", _doc, query="?left=1&right=1"),
    ("POST", "/documents/{document_id}/settings"): Case("author", _doc, body=lambda t, p: {
        "state": "in-review"}, ok=(303,)),
    ("POST", "/documents/{document_id}/share"): Case("author", _doc, body=lambda t, p: {
        "person_id": str(t.new_person())}, ok=(303,)),
    ("POST", "/documents/{document_id}/unshare/{person_id}"): Case(
        "author", lambda t: t.shared_doc(), body=lambda t, p: {}, ok=(303,)),
    ("GET", "/documents/{document_id}/export"): Case("read", _doc),
    ("GET", "/api/v1/documents"): Case("read"),
    ("POST", "/api/v1/documents"): Case("create", body=lambda t, p: {"title": f"A{id(p)}",
                                                                     "doc_type": "prfaq"}, ok=(201,)),
    ("GET", "/api/v1/documents/{document_id}"): Case("read", _doc),
    ("PATCH", "/api/v1/documents/{document_id}"): Case("author", _doc, body=lambda t, p: {
        "title": "Member's PR/FAQ"}),
    ("GET", "/api/v1/documents/{document_id}/versions"): Case("read", _doc),
    ("POST", "/api/v1/documents/{document_id}/versions"): Case("author", _doc, body=lambda t, p: {
        "body": "# Text\n", "base_version": t.doc_version(p["document_id"])}, ok=(201,)),
    ("GET", "/api/v1/documents/{document_id}/versions/{number}"): Case("read", _doc_v),
    ("GET", "/api/v1/documents/{document_id}/compare"): Case("read", _doc, query="?left=1&right=1"),
    ("GET", "/api/v1/documents/{document_id}/check"): Case("read", _doc),
    ("POST", "/api/v1/documents/{document_id}/check"): Case("read", _doc, body=lambda t, p: {
        "body": "Hello."}),
    ("POST", "/api/v1/documents/{document_id}/shares"): Case("author", _doc, body=lambda t, p: {
        "person_id": t.new_person()}),
    ("DELETE", "/api/v1/documents/{document_id}/shares/{person_id}"): Case(
        "author", lambda t: t.shared_doc()),
    ("GET", "/api/v1/documents/{document_id}/export"): Case("read", _doc),
    ("GET", "/api/v1/checks/settings"): Case("read"),
    # decisions and mechanisms
    ("GET", "/decisions"): Case("read"),
    ("GET", "/decisions/new"): Case("create"),
    ("POST", "/decisions/new"): Case("create", body=lambda t, p: {"title": "D", **ANSWERS}),
    ("GET", "/decisions/export.csv"): Case("read"),
    ("GET", "/decisions/{decision_id}"): Case("read", _decision),
    ("GET", "/decisions/{decision_id}/export.md"): Case("read", _decision),
    ("POST", "/decisions/{decision_id}/decide"): Case("author", _decision, body=lambda t, p: {}, ok=(303,)),
    ("POST", "/decisions/{decision_id}/approve"): Case("author", _to_approve, body=lambda t, p: {},
                                                       ok=(303,)),
    ("POST", "/decisions/{decision_id}/position"): Case("create", _decision, body=lambda t, p: {
        "stance": "agree", "commit": "on"}, ok=(303,)),
    ("POST", "/decisions/{decision_id}/escalate"): Case("create", _decision, body=lambda t, p: {
        "to_person_id": str(t.member_person()), "reason": "Stuck."}, ok=(303,)),
    ("POST", "/decisions/{decision_id}/revisit"): Case("author", _decided, body=lambda t, p: {
        "outcome": "kept", "notes": "Fine."}, ok=(303,)),
    ("GET", "/mechanisms"): Case("read"),
    ("POST", "/mechanisms/new"): Case("create", body=lambda t, p: {
        "name": f"M{id(p)}", "cadence": "weekly on Friday", "tool": "wbr"}, ok=(303,)),
    ("GET", "/mechanisms/{mechanism_id}"): Case("read", _mechanism),
    ("POST", "/mechanisms/{mechanism_id}/record"): Case("create", _mechanism, body=lambda t, p: {
        "occurred_on": "2026-11-02", "output": "Held."}, ok=(303,)),
    ("GET", "/api/v1/decisions"): Case("read"),
    ("POST", "/api/v1/decisions"): Case("create", body=lambda t, p: {"title": "D", "type_answers": ANSWERS},
                                        ok=(201,)),
    ("POST", "/api/v1/decisions/propose-type"): Case("read", body=lambda t, p: ANSWERS),
    ("GET", "/api/v1/decisions/inspection"): Case("read"),
    ("GET", "/api/v1/decisions/export.csv"): Case("read"),
    ("POST", "/api/v1/metric-readings"): Case("create", body=lambda t, p: {"metric": "m", "value": 1},
                                              ok=(201,)),
    ("GET", "/api/v1/decisions/{decision_id}"): Case("read", _decision),
    ("GET", "/api/v1/decisions/{decision_id}/export.md"): Case("read", _decision),
    ("POST", "/api/v1/decisions/{decision_id}/decide"): Case("author", _decision),
    ("POST", "/api/v1/decisions/{decision_id}/approve"): Case("author", _to_approve),
    ("POST", "/api/v1/decisions/{decision_id}/positions"): Case("create", _decision, body=lambda t, p: {
        "stance": "disagree", "view": "No.", "commit": True}),
    ("POST", "/api/v1/decisions/{decision_id}/escalations"): Case("create", _decision, body=lambda t, p: {
        "to_person_id": t.member_person(), "reason": "Stuck."}),
    ("POST", "/api/v1/decisions/{decision_id}/revisits"): Case("author", _decided, body=lambda t, p: {
        "outcome": "changed"}),
    ("POST", "/api/v1/decisions/{decision_id}/supersede"): Case("author", _decision, body=lambda t, p: {
        "by_decision_id": t.decision()}),
    ("GET", "/api/v1/mechanisms"): Case("read"),
    ("POST", "/api/v1/mechanisms"): Case("create", body=lambda t, p: {
        "name": f"A{id(p)}", "cadence": "monthly on day 1", "tool": "decision-revisit"}, ok=(201,)),
    ("GET", "/api/v1/mechanisms/{mechanism_id}"): Case("read", _mechanism),
    ("POST", "/api/v1/mechanisms/{mechanism_id}/occurrences"): Case("create", _mechanism, body=lambda t, p: {
        "occurred_on": "2026-11-02", "output": "Held."}, ok=(201,)),
    # experiments
    ("GET", "/experiments"): Case("read"),
    ("GET", "/experiments/new"): Case("create"),
    ("POST", "/experiments/new"): Case("create", body=lambda t, p: {
        "title": "E", "primary_metric": "m", "minimum_effect": "2", "variants": "control = 0.5\ntreatment = 0.5"},
        ok=(303,)),
    ("GET", "/experiments/{experiment_id}"): Case("read", _running),
    ("POST", "/experiments/{experiment_id}/transition"): Case("own", _experiment, body=lambda t, p: {
        "status": "running"}, ok=(303,)),
    ("POST", "/experiments/{experiment_id}/decide"): Case("own", _stopped, body=lambda t, p: {
        "outcome": "stop", "learning": "It did not help."}, ok=(303,)),
    ("POST", "/experiments/{experiment_id}/results"): Case("own", _running, upload=True,
                                                          upload_text=EXPERIMENT_CSV, ok=(303,)),
    ("POST", "/experiments/{experiment_id}/compute"): Case("own", _with_data, body=lambda t, p: {}, ok=(303,)),
    ("POST", "/experiments/{experiment_id}/market"): Case("own", _running, upload=True, upload_text=MARKET_CSV,
                                                         body=lambda t, p: {"treated": "A", "start": "2026-01-03"},
                                                         ok=(303,)),
    ("GET", "/api/v1/experiments"): Case("read"),
    ("POST", "/api/v1/experiments"): Case("create", body=lambda t, p: {
        "title": "E", "primary_metric": "m", "minimum_effect": 0.02}, ok=(201,)),
    ("GET", "/api/v1/experiments/{experiment_id}"): Case("read", _experiment),
    ("PATCH", "/api/v1/experiments/{experiment_id}"): Case("own", _experiment, body=lambda t, p: {
        "version": 1, "hypothesis": "Edited."}),
    ("POST", "/api/v1/experiments/{experiment_id}/transition"): Case("own", _experiment, body=lambda t, p: {
        "status": "running"}),
    ("GET", "/api/v1/experiments/{experiment_id}/results"): Case("read", _running),
    ("PUT", "/api/v1/experiments/{experiment_id}/results"): Case("own", _running, upload=True,
                                                                upload_text=EXPERIMENT_CSV),
    ("POST", "/api/v1/experiments/{experiment_id}/results/compute"): Case("own", _with_data),
    ("PUT", "/api/v1/experiments/{experiment_id}/market"): Case("own", _running, upload=True, upload_text=MARKET_CSV,
                                                               query="?treated=A&start=2026-01-03&method=synthetic"),
    ("GET", "/api/v1/experiments/{experiment_id}/market"): Case("read", _with_market),
    # goals
    ("GET", "/goals"): Case("read"),
    ("POST", "/goals/plans"): Case("own", body=lambda t, p: {"year": "2031", "team_id": str(t.core_team())},
                                   ok=(303,)),
    ("GET", "/goals/plans/{plan_id}"): Case("read", _plan),
    ("POST", "/goals/plans/{plan_id}/goals"): Case("own", _plan, body=GOAL_BODY, ok=(303,)),
    ("POST", "/goals/plans/{plan_id}/op2"): Case("own", _fresh_plan, body=lambda t, p: {}, ok=(303,)),
    ("POST", "/goals/plans/{plan_id}/measure"): Case("own", _plan, body=lambda t, p: {}, ok=(303,)),
    ("GET", "/goals/plans/{plan_id}/compare"): Case("read", _op2_plan),
    ("GET", "/goals/plans/{plan_id}/review"): Case("read", _plan),
    ("POST", "/goals/plans/{plan_id}/review"): Case("own", _plan, body=lambda t, p: {"notes": "Fine."}, ok=(303,)),
    ("GET", "/goals/plans/{plan_id}/reviews/{goal_review_id}"): Case("read", lambda t: t.goal_review()),
    ("GET", "/goals/plans/{plan_id}/review/pdf"): Case("read", _plan),
    ("GET", "/goals/plans/{plan_id}/reviews/{goal_review_id}/pdf"): Case("read", lambda t: t.goal_review()),
    ("GET", "/goals/plans/{plan_id}/goals.csv"): Case("read", _plan),
    ("GET", "/goals/plans/{plan_id}/goals.md"): Case("read", _plan),
    ("GET", "/goals/{goal_id}"): Case("read", _goal),
    ("POST", "/goals/{goal_id}/status"): Case("own", _goal, body=lambda t, p: {"status": "yellow", "note": "Why."},
                                              ok=(303,)),
    ("POST", "/goals/{goal_id}/outcome"): Case("own", _goal, body=lambda t, p: {"outcome": "dropped",
                                                                                "reason": "Gone."}, ok=(303,)),
    ("POST", "/goals/{goal_id}/action"): Case("own", _goal, body=lambda t, p: {
        "action": "Hire.", "version": "1"}, ok=(303,)),
    ("GET", "/api/v1/plans"): Case("read"),
    ("POST", "/api/v1/plans"): Case("own", body=lambda t, p: {"year": 2032, "team_id": t.core_team()}, ok=(201,)),
    ("GET", "/api/v1/plans/{plan_id}"): Case("read", _plan),
    ("PATCH", "/api/v1/plans/{plan_id}"): Case("own", _plan, body=lambda t, p: {"title": "Core's plan"}),
    ("POST", "/api/v1/plans/{plan_id}/op2"): Case("own", _fresh_plan),
    ("GET", "/api/v1/plans/{plan_id}/compare"): Case("read", _op2_plan),
    ("POST", "/api/v1/plans/{plan_id}/refresh"): Case("own", _plan),
    ("GET", "/api/v1/plans/{plan_id}/report"): Case("read", _plan),
    ("GET", "/api/v1/plans/{plan_id}/packet"): Case("read", _plan),
    ("POST", "/api/v1/plans/{plan_id}/reviews"): Case("own", _plan, body=lambda t, p: {"notes": "Fine."},
                                                      ok=(201,)),
    ("GET", "/api/v1/plans/{plan_id}/goals.csv"): Case("read", _plan),
    ("GET", "/api/v1/plans/{plan_id}/goals.md"): Case("read", _plan),
    ("POST", "/api/v1/plans/{plan_id}/import"): Case("own", _plan, upload=True, upload_text=GOALS_CSV,
                                                     ok=(201,)),
    ("GET", "/api/v1/goals"): Case("read"),
    ("POST", "/api/v1/goals"): Case("own", body=lambda t, p: {**GOAL_BODY(t, p), "plan_id": t.plan()}, ok=(201,)),
    ("GET", "/api/v1/goals/{goal_id}"): Case("read", _goal),
    ("PATCH", "/api/v1/goals/{goal_id}"): Case("own", _goal, body=lambda t, p: {"version": 1, "target": 71}),
    ("DELETE", "/api/v1/goals/{goal_id}"): Case("own", _goal, ok=(204,)),
    ("POST", "/api/v1/goals/{goal_id}/status"): Case("own", _goal, body=lambda t, p: {"status": "red",
                                                                                      "note": "Why."}),
    ("POST", "/api/v1/goals/{goal_id}/outcome"): Case("own", _goal, body=lambda t, p: {"outcome": "dropped",
                                                                                       "reason": "Gone."}),
    ("GET", "/wbr"): Case("read", lambda t: {**t.wbr()} and {}, ok=(303,)),
    ("GET", "/wbr/{week_ending}"): Case("read", lambda t: t.wbr()),
    ("GET", "/api/v1/metrics"): Case("read", lambda t: {**t.wbr()} and {}),
    ("GET", "/api/v1/wbr/{week_ending}"): Case("read", lambda t: t.wbr()),
    ("POST", "/wbr/{week_ending}/notes/{metric:path}"): Case("admin", lambda t: {**t.wbr(), "metric": "n"},
                                                             body=lambda t, p: {"body": "Fine.",
                                                                                "based_on": t.note_version("n")},
                                                             ok=(303,)),
    ("GET", "/api/v1/wbr/{week_ending}/notes"): Case("read", lambda t: t.wbr()),
    ("PUT", "/api/v1/wbr/{week_ending}/notes/{metric:path}"): Case("admin", lambda t: {**t.wbr(), "metric": "n"},
                                                                   body=lambda t, p: {
                                                                       "body": "Fine.",
                                                                       "based_on": t.note_version("n") or None}),
    ("GET", "/wbr/metrics"): Case("read", lambda t: {**t.wbr()} and {}),
    ("POST", "/wbr/metrics"): Case("admin", lambda t: {**t.wbr()} and {}, body=lambda t, p: {
        "body": WBR_FILE, "based_on": str(t.metrics_file_version())}),
    ("GET", "/wbr/metrics/download"): Case("admin", lambda t: {**t.wbr()} and {}),
    ("GET", "/wbr/metrics/{name}/edit"): Case("admin", lambda t: t.extra_metric()),
    ("POST", "/wbr/metrics/{name}/edit"): Case("admin", lambda t: t.extra_metric(), body=lambda t, p: {
        "source": "d", "column": "n", "aggregation": "max", "based_on": str(t.metrics_file_version())}),
    ("GET", "/wbr/metrics/{name}/remove"): Case("admin", lambda t: t.extra_metric()),
    ("POST", "/wbr/metrics/{name}/remove"): Case("admin", lambda t: t.extra_metric(), body=lambda t, p: {
        "based_on": str(t.metrics_file_version())}, ok=(303,)),
    ("PUT", "/api/v1/metrics/{name}"): Case("admin", lambda t: t.extra_metric(), body=lambda t, p: {
        "name": p["name"], "source": "d", "column": "n", "aggregation": "max"}),
    ("DELETE", "/api/v1/metrics/{name}"): Case("admin", lambda t: t.archived_metric()),
    ("POST", "/api/v1/metrics/{name}/archive"): Case("admin", lambda t: t.extra_metric()),
    ("POST", "/api/v1/metrics/{name}/restore"): Case("admin", lambda t: t.archived_metric()),
    ("POST", "/wbr/metrics/{name}/restore"): Case("admin", lambda t: t.archived_metric(), body=lambda t, p: {},
                                                  ok=(303,)),
    ("POST", "/wbr/metrics/new"): Case("admin", lambda t: {**t.wbr()} and {},
                                       body=lambda t, p: {"name": "page_metric", "source": "d", "column": "n"}),
    ("POST", "/api/v1/metrics"): Case("admin", lambda t: {**t.wbr()} and {},
                                      body=lambda t, p: {"name": "api_metric", "source": "d", "column": "n"},
                                      ok=(201,)),
    ("GET", "/wbr/{week_ending}/pdf"): Case("read", lambda t: t.wbr()),
    ("POST", "/wbr/{week_ending}/freeze"): Case("admin", lambda t: t.wbr(), body=lambda t, p: {}, ok=(303,)),
    ("POST", "/wbr/{week_ending}/hold"): Case("admin", lambda t: t.wbr(), body=lambda t, p: {}, ok=(303,)),
    ("POST", "/api/v1/wbr/{week_ending}/hold"): Case("admin", lambda t: t.wbr()),
    ("GET", "/wbr/{week_ending}/sql/{metric:path}"): Case("read", lambda t: {**t.wbr(), "metric": "n"}),
    ("GET", "/api/v1/metrics/file"): Case("admin", lambda t: {**t.wbr()} and {}),
    ("PUT", "/api/v1/metrics/file"): Case("admin", lambda t: {**t.wbr()} and {}, body=lambda t, p: {
        "body": WBR_FILE, "based_on": t.metrics_file_version()}),
    ("GET", "/api/v1/wbr/snapshots"): Case("read", lambda t: {**t.wbr()} and {}),
    ("POST", "/api/v1/wbr/{week_ending}/freeze"): Case("admin", lambda t: t.wbr()),
    ("GET", "/api/v1/wbr/{week_ending}/pdf"): Case("read", lambda t: t.wbr()),
    ("GET", "/api/v1/wbr/{week_ending}/sql/{metric:path}"): Case("read", lambda t: {**t.wbr(), "metric": "n"}),
    ("POST", "/wbr/delegates"): Case("create", lambda t: {**t.wbr()} and {}, body=lambda t, p: {}),
    ("GET", "/api/v1/wbr/delegates/mine"): Case("read"),
    ("PUT", "/api/v1/wbr/delegates/mine"): Case("create", body=lambda t, p: {"delegates": []}),
    ("GET", "/wbr/data"): Case("upload", lambda t: t.uploader()),
    ("POST", "/wbr/data"): Case("upload", lambda t: {**t.wbr(), **t.uploader()} and {}, upload=True, ok=(303,)),
    ("GET", "/wbr/data/{name}"): Case("upload", lambda t: {**t.pending(), **t.uploader()}),
    ("POST", "/wbr/data/{name}/start"): Case("admin", lambda t: {**t.pending(), **t.uploader()}, body=lambda t, p: {
        "metric": "n", "based_on": str(t.metrics_file_version())}, ok=(303,)),
    ("POST", "/wbr/data/{name}/accept"): Case("upload", lambda t: {**t.pending(), **t.uploader()},
                                              body=lambda t, p: {}),
    ("POST", "/wbr/data/uploaders"): Case("admin", body=lambda t, p: {"uploaders": t.people.member}),
    ("GET", "/api/v1/wbr/data"): Case("upload", lambda t: t.uploader()),
    ("PUT", "/api/v1/wbr/data/{name}"): Case("upload", lambda t: {**t.wbr(), **t.uploader(), "name": "d"}, upload=True,
                                             ok=(201,)),
    ("GET", "/api/v1/wbr/data/{name}/preview"): Case("upload", lambda t: {**t.pending(), **t.uploader()}),
    ("POST", "/api/v1/wbr/data/{name}/starter"): Case("upload", lambda t: {**t.pending(), **t.uploader()},
                                                      body=lambda t, p: {"metrics": ["n"]}),
    ("POST", "/api/v1/wbr/data/{name}/accept"): Case("upload", lambda t: {**t.pending(), **t.uploader()}),
    ("GET", "/api/v1/wbr/uploaders"): Case("admin", lambda t: t.uploader()),
    ("PUT", "/api/v1/wbr/uploaders"): Case("admin", body=lambda t, p: {"uploaders": [t.people.member]}),
    ("GET", "/admin/checks"): Case("admin"),
    ("POST", "/admin/checks"): Case("admin", body=lambda t, p: {"settings": "passive-voice: on\n"}),
    # reviews
    ("GET", "/reviews"): Case("read"),
    ("GET", "/documents/{document_id}/reviews/new"): Case("author", _doc),
    ("POST", "/documents/{document_id}/reviews/new"): Case("author", _doc, body=lambda t, p: {
        "scheduled_for": "2027-03-03T10:00", "reading_minutes": "20"}, ok=(303,)),
    ("GET", "/reviews/{review_id}"): Case("read", _scheduled),
    ("POST", "/reviews/{review_id}/start"): Case("author", _scheduled, body=lambda t, p: {}, ok=(303,)),
    ("POST", "/reviews/{review_id}/reschedule"): Case("author", _scheduled, body=lambda t, p: {
        "scheduled_for": "2027-03-04T10:00"}, ok=(303,)),
    ("POST", "/reviews/{review_id}/end-reading"): Case("author", _reading, body=lambda t, p: {},
                                                       ok=(303,)),
    ("POST", "/reviews/{review_id}/outcome"): Case("author", _reading, body=lambda t, p: {
        "outcome": "parked", "reason": "Not now."}, ok=(303,)),
    ("POST", "/reviews/{review_id}/comments"): Case("author", _reading, body=lambda t, p: {
        "quote": "customer benefit", "body": "Which one?"}, ok=(303,)),
    ("POST", "/comments/{comment_id}/reply"): Case("author", _thread, body=lambda t, p: {"body": "Yes."},
                                                   ok=(303,)),
    ("POST", "/comments/{comment_id}/resolve"): Case("author", _thread, body=lambda t, p: {}, ok=(303,)),
    ("GET", "/api/v1/reviews"): Case("read"),
    ("POST", "/api/v1/reviews"): Case("author", body=lambda t, p: {
        "document_id": t.member_doc(), "scheduled_for": "2027-03-03T10:00:00Z"}, ok=(201,)),
    ("GET", "/api/v1/reviews/{review_id}"): Case("read", _scheduled),
    ("POST", "/api/v1/reviews/{review_id}/start"): Case("author", _scheduled),
    ("POST", "/api/v1/reviews/{review_id}/reschedule"): Case("author", _scheduled, body=lambda t, p: {
        "scheduled_for": "2027-03-04T10:00:00Z"}),
    ("POST", "/api/v1/reviews/{review_id}/end-reading"): Case("author", _reading),
    ("POST", "/api/v1/reviews/{review_id}/outcome"): Case("author", _reading, body=lambda t, p: {
        "outcome": "parked", "reason": "Not now."}),
    ("GET", "/api/v1/reviews/{review_id}/comments"): Case("read", _reading),
    ("POST", "/api/v1/reviews/{review_id}/comments"): Case("author", _reading, body=lambda t, p: {
        "quote": "customer benefit", "body": "Which one?"}, ok=(201,)),
    ("POST", "/api/v1/comments/{comment_id}/replies"): Case("author", _thread, body=lambda t, p: {
        "body": "Yes."}, ok=(201,)),
    ("POST", "/api/v1/comments/{comment_id}/resolve"): Case("author", _thread),
    ("GET", "/api/v1/documents/{document_id}/comments"): Case("read", _doc),
    ("PUT", "/api/v1/checks/settings"): Case("admin", body=lambda t, p: {"sentence-length": {
        "max_words": 25}}),
    **general_cases(Case),  # hiring: tests/hiring/test_hiring_access.py walks it as each person of a loop
}


UPLOADED_CSV = "date,n\n" + "".join(f"2026-11-{d:02d},10\n" for d in range(1, 29))


def _app_routes(ws: Workspace) -> set[tuple[str, str]]:
    found = set()
    for context in iter_route_contexts(create_app(ws).routes):
        for method in context.methods or ():
            if method != "HEAD":
                found.add((method, context.path))
    return found


def test_every_route_declares_who_may_use_it(ws: Workspace) -> None:
    routes = _app_routes(ws)
    assert routes - ROUTES.keys() == set(), "add these routes to ROUTES"
    assert ROUTES.keys() - routes == set(), "these ROUTES no longer exist"


def _client(ws: Workspace, people: People, role: str, api: bool) -> TestClient:
    from dayone.auth import service as accounts

    app = create_app(ws)
    if api:
        headers = {}
        if role != "anonymous":
            with ws.session() as s:
                secret = accounts.create_token(s, CLI_ACTOR, getattr(people, role)).secret
            headers["Authorization"] = f"Bearer {secret}"
        return TestClient(app, headers=headers)
    client = TestClient(app)
    if role != "anonymous":
        sign_in(client, getattr(people, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_right_answer_everywhere(ws: Workspace, people: People, role: str) -> None:
    target = Target(ws, people, role=role)
    page, api = _client(ws, people, role, api=False), _client(ws, people, role, api=True)
    csrf = csrf_of(page, "/sign-in") if role == "anonymous" else csrf_of(page, "/account")
    wrong = []
    for (method, path), case in ROUTES.items():
        is_api = path.startswith("/api/v1/") and path not in ("/api/v1/openapi.json", "/api/v1/docs")
        client = api if is_api else page
        params = case.params(target)
        url = path.replace(":path}", "}").format(**params) + case.query
        kwargs: dict[str, Any] = {}
        if case.body is not None:
            body = case.body(target, params)
            if case.json_page:
                kwargs = {"json": body, "headers": {"X-CSRF-Token": csrf}}
            else:
                kwargs = {"json": body} if is_api else {"data": {**body, "csrf_token": csrf}}
        if case.upload:
            data = case.upload_text or UPLOADED_CSV
            fields = case.body(target, params) if case.body is not None and not is_api else {}
            kwargs = ({"content": data, "headers": {"Content-Type": "text/csv"}} if is_api else
                      {"files": {"file": ("d.csv", data, "text/csv")},
                       "data": {"csrf_token": csrf, "name": "d", **fields}})
        if method == "POST" and path == "/sign-out" and role != "anonymous":
            continue  # signing out here would end the session the walk relies on
        response = client.request(method, url, follow_redirects=False, **kwargs)
        if role in ALLOWED[case.kind]:
            expected: tuple[int, ...] = case.ok
        elif role == "anonymous":
            expected = (case.denied_anonymous or (401 if is_api or method != "GET" else 303),)
        else:
            expected = (case.denied or 403,)
        if response.status_code not in expected:
            wrong.append(f"{method} {url} as {role}: {response.status_code}, expected {expected}"
                         f" — {response.text[:160]}")
        if response.status_code in (401, 403) and is_api:
            assert set(response.json()) == {"error"}
    page.close()
    api.close()
    assert wrong == []
