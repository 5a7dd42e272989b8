"""Decision links cannot be used to learn which private drafts exist: a missing id, an id
out of range and a draft the recorder cannot read get the same 422, through the API and
the form, and never a 500 — on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.decisions.test_decisions_api import CHEAP
from tests.helpers import csrf_of

Client = Callable[[str], TestClient]


def _private_draft(api_as: Client) -> int:
    """A draft of Otto's that Max (the member) cannot read."""
    made = api_as("outsider").post("/api/v1/documents", json={"title": "Secret", "doc_type": "narrative"})
    assert made.status_code == 201
    return int(made.json()["id"])


def _same_answer(messages: dict[int, str]) -> None:
    """Every refusal is the same sentence, whatever the id was."""
    shapes = {message.replace(str(n), "N") for n, message in messages.items()}
    assert shapes == {"links: no such document you can read (id N)."}, messages


def test_missing_private_and_out_of_range_documents_get_the_same_answer(api_as: Client) -> None:
    member = api_as("member")
    private = _private_draft(api_as)
    messages = {}
    for document_id in (private, private + 1000, 0, -1, 2**31, 2**63, 10**30):
        response = member.post("/api/v1/decisions", json={
            "title": "Probe", "type_answers": CHEAP, "links": [{"kind": "document", "document_id": document_id}]})
        assert response.status_code == 422, (document_id, response.text)
        error = response.json()["error"]
        assert error["code"] == "invalid_input" and error["details"][0]["field"] == "links"
        messages[document_id] = error["message"]
    _same_answer(messages)
    assert member.get("/api/v1/decisions").json() == []


def test_a_non_document_link_cannot_carry_a_document_id(api_as: Client) -> None:
    member = api_as("member")
    private = _private_draft(api_as)
    answers = set()
    for kind, target in (("url", "https://example.com/plan"), ("metric", "orders"), ("experiment", "x1")):
        for document_id in (private, private + 1000):  # the missing one was a 500 (a foreign key)
            response = member.post("/api/v1/decisions", json={
                "title": "Probe", "type_answers": CHEAP,
                "links": [{"kind": kind, "target": target, "document_id": document_id}]})
            assert response.status_code == 422, response.text
            answers.add(response.json()["error"]["message"].replace(kind, "K"))
    assert answers == {"links: a K link takes a target, not a document_id; link a document with kind: document."}
    assert member.get("/api/v1/decisions").json() == []


def test_documents_the_recorder_can_read_are_linked(api_as: Client) -> None:
    member, outsider = api_as("member"), api_as("outsider")
    mine = member.post("/api/v1/documents", json={"title": "Mine", "doc_type": "narrative"}).json()["id"]
    theirs = outsider.post("/api/v1/documents", json={"title": "Shared", "doc_type": "narrative"}).json()["id"]
    outsider.patch(f"/api/v1/documents/{theirs}", json={"shared_with_all": True})
    made = member.post("/api/v1/decisions", json={
        "title": "Plan", "type_answers": CHEAP,
        "links": [{"kind": "document", "document_id": mine}, {"kind": "document", "document_id": theirs},
                  {"kind": "url", "target": "https://example.com"}]})
    assert made.status_code == 201, made.text
    assert [link["label"] for link in made.json()["links"]] == ["Mine", "Shared", "https://example.com"]


def test_the_form_gives_the_same_answer_and_never_a_500(api_as: Client, browser_as: Client) -> None:
    private = _private_draft(api_as)
    page = browser_as("member")
    token = csrf_of(page, "/decisions/new")
    messages = {}
    for document_id in (private, private + 1000, 2**31, 10**30):
        response = page.post("/decisions/new", data={
            "csrf_token": token, "title": "Probe", "decision_type": "type-2", "urls": "", "options": "",
            "revisit_metric": "", "document_ids": ["", str(document_id)],
            **{key: str(value) for key, value in CHEAP.items()}}, follow_redirects=False)
        assert response.status_code == 422, (document_id, response.text[:300])
        found = re.search(r'role="alert">([^<]*)<', response.text)
        assert found, response.text[:500]
        messages[document_id] = found.group(1)
    _same_answer(messages)
    assert api_as("member").get("/api/v1/decisions").json() == []
