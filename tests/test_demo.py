"""The demo company: big enough to show every rule, created once, never duplicated."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dayone.audit import AuditEvent
from dayone.demo.company import ensure_demo
from dayone.errors import ValidationFailed
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


def test_an_older_demo_reads_its_wbr_data_from_the_data_folder(ws: Workspace) -> None:
    """Demos made before the sandbox kept their WBR data in DAYONE_HOME/demo-wbr, which no
    metrics file may read now; the demo moves it, keeping the file's edits."""
    from datetime import date

    from dayone.demo import metrics as demo_metrics
    from dayone.documents.models import WorkspaceSetting
    from dayone.wbr import service as wbr
    from dayone.wbr.models import WbrMetricsFile

    old = demo_metrics.write(ws.settings.home / "demo-wbr", date(2026, 11, 21), domain="x.example")
    edited = old.read_text() + "# an admin's edit\n"
    with ws.session() as s:
        s.add(WorkspaceSetting(key=wbr.METRICS_FILE, value=str(old)))
        s.add(WbrMetricsFile(body=edited, name="metrics.yaml", base_dir=str(old.parent)))
    with ws.session() as s, pytest.raises(ValidationFailed) as refused:
        wbr.load(s)
    assert "inside the Day One workspace folder" in str(refused.value.details)
    ensure_demo(ws)
    with ws.session() as s:
        current = wbr.current_file(s)
        assert current.base_dir == str(ws.settings.home / "data" / "demo-wbr") and current.body == edited
        assert wbr.deck(s)["metrics"]["orders"]["weeks"]
