"""Search through the library and the API: every kind of record, kept current on every
save, rename and delete; kinds, pages, marked snippets, and queries that cannot fail."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayone.auth.permissions import CLI_ACTOR
from dayone.decisions import service as decisions
from dayone.decisions.schemas import DecisionCreate
from dayone.documents import service as docs
from dayone.documents.models import DocumentType
from dayone.documents.schemas import DocumentCreate, DocumentUpdate, VersionCreate
from dayone.errors import InvalidInput
from dayone.org import service as org
from dayone.org.schemas import InitiativeCreate, PersonCreate, TeamCreate, TeamUpdate
from dayone.search import service
from dayone.search.schemas import SearchResults
from dayone.workspace import Workspace
from tests.conftest import People
from tests.search.conftest import Corpus, actor_of

ANSWERS = {"undo_cost": "cheap", "undo_time": "days", "customers": "few", "legal_or_safety": "no"}


def find(ws: Workspace, text: str, *kinds: str, **page: Any) -> SearchResults:
    with ws.read_sessions() as session:
        return service.search(session, CLI_ACTOR, text, list(kinds), **page)


def titles(found: SearchResults) -> set[str]:
    return {h.title for h in found.hits}


def test_every_kind_of_record_is_found(ws: Workspace, people: People) -> None:
    member = actor_of(ws, people.member)
    with ws.session() as s:
        team = org.create_team(s, CLI_ACTOR, TeamCreate(name="Pantry", mission="Groceries delivered in an hour."))
        org.create_person(s, CLI_ACTOR, PersonCreate(name="Grace Hopper", email="grace@example.com",
                                                     title="Pantry engineer", team_id=team.id))
        org.create_initiative(s, CLI_ACTOR, InitiativeCreate(name="Pantry reorder", goal="Reorder in one tap."))
        decisions.create(s, member, DecisionCreate.model_validate({
            "title": "Ship pantry reorder", "context": "Customers rebuy groceries weekly.",
            "type_answers": ANSWERS}))
        docs.create(s, CLI_ACTOR, DocumentCreate(title="Pantry PR/FAQ", doc_type=DocumentType.PRFAQ,
                                                 body="# Pantry\n\nGroceries in one tap.\n"), author_id=1)
    found = find(ws, "pantry")
    assert {h.kind for h in found.hits} == {"team", "person", "initiative", "decision", "document"}
    assert found.total == 5 and found.counts["team"] == 1
    by_kind = {h.kind: h for h in found.hits}
    assert by_kind["person"].url.startswith("/people/") and by_kind["decision"].url.startswith("/decisions/")
    assert titles(find(ws, "groceries")) == {"Pantry", "Ship pantry reorder", "Pantry PR/FAQ"}
    assert titles(find(ws, "grace@example.com")) == {"Grace Hopper"}


def test_saves_renames_and_deletes_keep_the_index_current(ws: Workspace, people: People) -> None:
    with ws.session() as s:
        doc = docs.create(s, CLI_ACTOR, DocumentCreate(title="Draft", doc_type=DocumentType.NARRATIVE,
                                                       body="# One\n\nAardvark text.\n"), author_id=1)
        team = org.create_team(s, CLI_ACTOR, TeamCreate(name="Badgers"))
        person = org.create_person(s, CLI_ACTOR, PersonCreate(name="Cormorant Jones", email="cj@example.com"))
    assert titles(find(ws, "aardvark")) == {"Draft"}
    with ws.session() as s:
        docs.save(s, CLI_ACTOR, doc.id, VersionCreate(body="# Two\n\nBison text.\n", base_version=1))
        docs.update(s, CLI_ACTOR, doc.id, DocumentUpdate(title="Bison narrative"))
        org.update_team(s, CLI_ACTOR, team.id, TeamUpdate(name="Otters", version=1))
        org.delete_person(s, CLI_ACTOR, person.id)
    assert find(ws, "aardvark").total == 0  # the newest version is what is searched
    assert titles(find(ws, "bison")) == {"Bison narrative"}
    assert find(ws, "badgers").total == 0 and titles(find(ws, "otters")) == {"Otters"}
    assert find(ws, "cormorant").total == 0


def test_a_save_rolled_back_leaves_the_index_as_it_was(ws: Workspace, people: People) -> None:
    with pytest.raises(RuntimeError), ws.session() as s:
        org.create_team(s, CLI_ACTOR, TeamCreate(name="Ephemeral"))
        s.flush()
        raise RuntimeError("the request failed after the flush")
    assert find(ws, "ephemeral").total == 0


def test_metrics_are_indexed_when_the_metrics_file_is_saved(ws: Workspace, people: People) -> None:
    from dayone.wbr import service as wbr

    folder = ws.settings.home / "data"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "d.csv").write_text("date,n,m\n2026-11-20,1,2\n")
    (folder / "m.yaml").write_text(
        "sources: {d: {csv: d.csv, date_column: date}}\n"
        "metrics:\n"
        "  # Orders placed through the pantry shelf\n"
        "  pantry_orders: {source: d, column: n, owner: max@example.com}\n"
        "  basket_size: {source: d, column: m}\n"
        "deck:\n  - section: Fulfilment speed\n  - metric: basket_size\n")
    with ws.session() as s:
        wbr.use(s, CLI_ACTOR, folder / "m.yaml")
    hit = find(ws, "shelf").hits[0]
    assert (hit.kind, hit.key, hit.id, hit.url) == ("metric", "pantry_orders", None,
                                                    "/wbr/metrics#metric-pantry_orders")
    assert titles(find(ws, "pantry orders")) == {"pantry_orders"}  # words of the name
    assert titles(find(ws, "fulfilment", "metric")) == {"basket_size"}  # the deck section it is shown in
    with ws.session() as s:
        current = wbr.current_file(s)
        wbr.remove_metric(s, CLI_ACTOR, "basket_size", based_on=current.id)
    assert find(ws, "basket").total == 0 and find(ws, "shelf").total == 1


def test_kinds_filter_and_pages_cover_every_match_once(ws: Workspace, people: People) -> None:
    with ws.session() as s:
        for i in range(23):
            org.create_team(s, CLI_ACTOR, TeamCreate(name=f"Walrus {i}"))
        org.create_initiative(s, CLI_ACTOR, InitiativeCreate(name="Walrus watch"))
    assert find(ws, "walrus").total == 24
    teams = find(ws, "walrus", "team")
    assert teams.total == 23 and teams.counts["initiative"] == 1 and teams.kinds == ["team"]
    assert find(ws, "walrus", "team,initiative").total == 24
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = find(ws, "walrus", limit=10, offset=offset)
        assert page.total == 24 and len(page.hits) <= 10
        seen += [h.url for h in page.hits]
        offset = page.next_offset
    assert len(seen) == len(set(seen)) == 24


@pytest.mark.parametrize(("asked", "message"), [
    ({"q": "walrus", "kind": "bogus"}, "kind: 'bogus' is not a kind of record"),
    ({"q": "walrus", "limit": 0}, "limit: give 1 to 100"),
    ({"q": "walrus", "limit": 101}, "limit: give 1 to 100"),
    ({"q": "walrus", "offset": -1}, "offset: give 0 to"),
    ({"q": '" * ( ) : -'}, "q: type at least one word"),
    ({"q": "x" * 501}, "q: the search is 501 characters long"),
])
def test_bad_requests_are_told_what_to_do(api_as: Any, asked: dict[str, Any], message: str) -> None:
    answer = api_as("viewer").get("/api/v1/search", params=asked)
    assert answer.status_code == 422
    assert message in answer.json()["error"]["message"]


def test_the_page_says_what_is_wrong_with_a_query_without_failing(browser_as: Any) -> None:
    client = browser_as("viewer")
    for q, said in (("***", "type at least one word"), ("walrus", "Nothing you can read matches"),
                    ("", "Every word must match")):
        page = client.get("/search", params={"q": q})
        assert page.status_code == 200 and said in page.text
    page = client.get("/search", params={"q": "walrus", "kind": "bogus", "offset": "x"})
    assert page.status_code == 200 and "is not a kind of record" in page.text


def test_snippets_escape_the_text_and_mark_only_the_words(ws: Workspace, people: People) -> None:
    with ws.session() as s:
        docs.create(s, CLI_ACTOR, DocumentCreate(
            title="<b>Zebra</b> & co", doc_type=DocumentType.NARRATIVE,
            body="# Plan\n\nThe <img src=x onerror=alert(1)> zebra crossing & \x01stripes\x02.\n"), author_id=1)
    hit = find(ws, "zebra").hits[0]
    assert hit.title_html == "&lt;b&gt;<mark>Zebra</mark>&lt;/b&gt; &amp; co"
    assert "<mark>zebra</mark>" in hit.snippet_html
    assert re.sub(r"</?mark>", "", hit.snippet_html) == html.escape(re.sub(r"</?mark>", "", html.unescape(
        re.sub(r"</?mark>", "", hit.snippet_html))))
    assert "<img" not in hit.snippet_html and "\x01" not in hit.snippet_html


QUERY = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80) | st.lists(
    st.sampled_from(['"', "AND", "OR", "NOT", "*", "NEAR(", ")", ":", "^", "-", "'", "\\", "&", "|", "!",
                     "<->", "zephyr", "quokka", "title:", "{", "}", "%", "_", "NULL", ";", "--", "\x00"]),
    max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=QUERY)
def test_no_query_string_errors_or_leaks_a_private_draft(ws: Workspace, people: People, corpus: Corpus,
                                                         text: str) -> None:
    viewer = actor_of(ws, people.viewer)
    with ws.read_sessions() as session:
        try:
            found = service.search(session, viewer, text, limit=100)
        except InvalidInput as exc:
            assert exc.field == "q"
            return
    assert corpus.private not in {h.id for h in found.hits if h.kind == "document"}
    assert found.counts["document"] <= 2  # what Vic may read of the four
    for hit in found.hits:
        assert re.sub(r"</?mark>", "", hit.snippet_html).count("<") == 0


def test_archived_records_leave_search_until_restored(ws: Workspace, people: People) -> None:
    """Archiving takes a record out of the index (and its counts); restoring puts it back."""
    from dayone.archive import service as archive

    with ws.session() as s:
        org.create_team(s, CLI_ACTOR, TeamCreate(name="Larder", mission="Spices by the gram."))
        refill = org.create_initiative(s, CLI_ACTOR, InitiativeCreate(name="Larder refill", goal="Spices refilled."))
        choice = decisions.create(s, CLI_ACTOR, DecisionCreate.model_validate({
            "title": "Sell spices by the gram", "context": "Spices go stale.", "owner_id": 1,
            "type_answers": ANSWERS}))
        doc = docs.create(s, CLI_ACTOR, DocumentCreate(title="Larder PR/FAQ", doc_type=DocumentType.PRFAQ,
                                                       body="# Larder\n\nSpices by the gram.\n"), author_id=1)
        ids = {"document": doc.id, "initiative": refill.id, "decision": choice.id}
    assert find(ws, "spices").total == 4
    with ws.session() as s:
        for kind, ref in ids.items():
            archive.archive(s, CLI_ACTOR, kind, ref)
    found = find(ws, "spices")
    assert titles(found) == {"Larder"} and found.total == 1 and {k for k, n in found.counts.items() if n} == {"team"}
    with ws.session() as s:
        archive.restore(s, CLI_ACTOR, "document", ids["document"])
    assert titles(find(ws, "spices")) == {"Larder", "Larder PR/FAQ"}


def test_experiments_are_found_by_their_hypothesis_and_lesson(ws: Workspace, people: People) -> None:
    from dayone.experiments import service as experiments
    from dayone.experiments.schemas import ExperimentCreate, ExperimentUpdate, TransitionIn

    member = actor_of(ws, people.member)
    with ws.session() as s:
        made = experiments.create(s, member, ExperimentCreate.model_validate({
            "title": "Bigger buy button", "hypothesis": "A larger button is easier to find on phones.",
            "primary_metric": "conversion", "minimum_effect": 0.02}))
        made_id = made.id
    (hit,) = find(ws, "phones", "experiment").hits
    assert (hit.kind, hit.title, hit.url) == ("experiment", "Bigger buy button", f"/experiments/{made_id}")
    with ws.session() as s:
        experiments.update(s, member, made_id, ExperimentUpdate.model_validate({"version": 1,
                                                                                "title": "Sticky buy button"}))
        for step in ("running", "stopped"):
            experiments.transition(s, member, made_id, TransitionIn.model_validate({"status": step}))
        experiments.transition(s, member, made_id, TransitionIn.model_validate({
            "status": "decided", "outcome": "stop", "learning": "Thumbs reach the bottom bar; size was not it."}))
    assert titles(find(ws, "thumbs", "experiment")) == {"Sticky buy button"}
    assert not find(ws, "bigger", "experiment").hits
