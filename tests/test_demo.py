"""The demo company: big enough to show every rule, created once, never duplicated."""

from __future__ import annotations

from sqlalchemy import func, select

from dayone.audit import AuditEvent
from dayone.demo.company import ensure_demo
from dayone.org import rules
from dayone.org.models import Initiative, Person, Team
from dayone.workspace import Workspace


def _counts(ws: Workspace) -> dict[str, int]:
    with ws.session() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (Person, Team, Initiative, AuditEvent)}


def test_demo_is_complete_and_idempotent(ws: Workspace) -> None:
    login = ensure_demo(ws)
    first = _counts(ws)
    assert first["people"] >= 40 and first["teams"] >= 6 and first["initiatives"] >= 5
    with ws.session() as s:
        assert s.scalar(select(func.count()).select_from(Team).where(Team.parent_id.is_not(None))) >= 3
        codes = {f.code for f in rules.org_findings(s, ws.limits)}
    assert codes == {"initiative-without-leader", "initiative-shared-leadership",
                     "leader-not-single-threaded", "team-too-large", "team-not-separable"}
    again = ensure_demo(ws)
    assert again == login
    assert _counts(ws) == first


def test_lost_password_file_issues_a_new_password_without_duplicating(ws: Workspace) -> None:
    login = ensure_demo(ws)
    before = _counts(ws)
    (ws.settings.home / "demo-login.txt").unlink()
    renewed = ensure_demo(ws)
    assert renewed.password != login.password and renewed.email == login.email
    assert _counts(ws)["people"] == before["people"]
