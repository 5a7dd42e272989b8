"""Search shows only what the searcher may read: a private draft of another person never
appears — not in the hits, not in the total, not in the counts per kind — for any role,
through the library, the API and the page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dayone.search import service
from dayone.workspace import Workspace
from tests.conftest import People
from tests.search.conftest import Corpus, actor_of

# who reads which of the corpus's documents (see conftest): the author, the people it is
# shared with, review invitees, everyone once shared with all — admins get no special view
READS = {
    "admin": {"shared_with_vic", "everyone", "reviewed"},  # Ada wrote these three
    "member": {"private", "everyone"},  # Max wrote the private draft
    "viewer": {"shared_with_vic", "everyone"},
    "outsider": {"everyone", "reviewed"},  # Otto is invited to the review
}


def _ids(corpus: Corpus, names: set[str]) -> set[int]:
    return {getattr(corpus, n) for n in names}


@pytest.mark.parametrize("role", list(READS))
def test_each_role_finds_exactly_the_documents_it_may_read(ws: Workspace, people: People, corpus: Corpus,
                                                           role: str) -> None:
    actor = actor_of(ws, getattr(people, role))
    with ws.read_sessions() as session:
        found = service.search(session, actor, "zephyr")
        only_docs = service.search(session, actor, "zephyr", ["document"])
        secret = service.search(session, actor, "quokka")
    assert {h.id for h in found.hits if h.kind == "document"} == _ids(corpus, READS[role])
    assert found.counts["document"] == len(READS[role]) == only_docs.total
    assert found.total == sum(found.counts.values())
    if "private" in READS[role]:
        assert secret.total == 1 and secret.hits[0].id == corpus.private
    else:  # the private draft's own word: nothing, and nothing counted
        assert secret.total == 0 and secret.hits == [] and set(secret.counts.values()) == {0}


def test_the_command_line_owner_reads_everything_as_elsewhere(ws: Workspace, corpus: Corpus) -> None:
    from dayone.auth.permissions import CLI_ACTOR

    with ws.read_sessions() as session:
        assert service.search(session, CLI_ACTOR, "zephyr", ["document"]).total == 4


@pytest.mark.parametrize("role", ["admin", "viewer", "outsider"])
def test_the_api_and_the_page_never_show_nor_count_another_s_private_draft(
        api_as: Any, browser_as: Any, corpus: Corpus, role: str) -> None:
    answer = api_as(role).get("/api/v1/search", params={"q": "quokka zephyr"})
    assert answer.status_code == 200
    assert answer.json()["total"] == 0 and set(answer.json()["counts"].values()) == {0}
    wide = api_as(role).get("/api/v1/search", params={"q": "zephyr", "limit": 100}).json()
    assert corpus.private not in {h["id"] for h in wide["hits"] if h["kind"] == "document"}
    assert "Secret" not in str(wide) and "confidential" not in str(wide)
    page = browser_as(role).get("/search", params={"q": "zephyr"})
    assert page.status_code == 200
    assert "Secret zephyr plan" not in page.text and "confidential" not in page.text
    assert f"/documents/{corpus.private}\"" not in page.text
    counts = dict(re.findall(r'>(Documents) <span class="n">(\d+)</span>', page.text))
    assert counts == {"Documents": str(len(READS[role]))}


def test_sharing_changes_what_search_shows_at_once(ws: Workspace, people: People, corpus: Corpus) -> None:
    from dayone.documents import service as docs

    maxi, vic = actor_of(ws, people.member), actor_of(ws, people.viewer)
    with ws.session() as session:
        docs.share(session, maxi, corpus.private, vic.person_id, False)  # type: ignore[arg-type]
    with ws.read_sessions() as session:
        assert service.search(session, vic, "quokka").total == 1
    with ws.session() as session:
        docs.unshare(session, maxi, corpus.private, vic.person_id)  # type: ignore[arg-type]
    with ws.read_sessions() as session:
        assert service.search(session, vic, "quokka").total == 0


def test_anonymous_gets_nothing(api_as: Any, browser_as: Any, corpus: Corpus) -> None:
    assert api_as("anonymous").get("/api/v1/search", params={"q": "zephyr"}).status_code == 401
    page = browser_as("anonymous").get("/search", params={"q": "zephyr"}, follow_redirects=False)
    assert page.status_code == 303 and "zephyr" not in page.text.lower()
