"""Silent-reading reviews through the API: private comments while reading, threads and
resolution after, the outcome on record, comments carried to the next version."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

Client = Callable[[str], TestClient]
BODY = ("---\ntype: narrative\n---\n# Plan\n\nWe will ship **One-Click Reorder** in March 2027.\n\n"
        "Families rebuild baskets by hand today.\n")


def _people(client: TestClient) -> dict[str, int]:
    return {p["email"]: p["id"] for p in client.get("/api/v1/people").json()}


def _review(member: TestClient, invitees: list[int]) -> tuple[dict, dict]:
    doc = member.post("/api/v1/documents", json={"title": "Plan", "doc_type": "narrative",
                                                  "body": BODY}).json()
    review = member.post("/api/v1/reviews", json={"document_id": doc["id"], "invitee_ids": invitees,
                                                  "scheduled_for": "2027-03-03T10:00:00Z"})
    assert review.status_code == 201, review.text
    return doc, review.json()


def test_silent_reading_then_discussion_then_outcome(api_as: Client) -> None:
    member, outsider, viewer = api_as("member"), api_as("outsider"), api_as("admin")  # "viewer": a 2nd reader
    ids = _people(member)
    doc, review = _review(member, [ids["otto@example.com"], ids["ada@example.com"], ids["vic@example.com"]])
    assert review["state"] == "scheduled" and review["reading_minutes"] == 20
    assert outsider.get(f"/api/v1/documents/{doc['id']}").status_code == 200  # invited: may read
    assert member.get(f"/api/v1/documents/{doc['id']}").json()["state"] == "in-review"

    comment = {"quote": "One-Click Reorder in March", "body": "Which customers first?"}
    early = outsider.post(f"/api/v1/reviews/{review['id']}/comments", json=comment)
    assert early.status_code == 409  # not started
    assert outsider.post(f"/api/v1/reviews/{review['id']}/start").status_code == 403
    started = member.post(f"/api/v1/reviews/{review['id']}/start").json()
    assert started["state"] == "reading" and started["reading_ends_at"]

    read_only = api_as("viewer").post(f"/api/v1/reviews/{review['id']}/comments", json=comment)
    assert read_only.status_code == 403  # an invited viewer reads but does not write
    mine = outsider.post(f"/api/v1/reviews/{review['id']}/comments", json=comment)
    assert mine.status_code == 201
    assert mine.json()["line"] == 6 and mine.json()["quote"] == "One-Click Reorder** in March"
    viewer.post(f"/api/v1/reviews/{review['id']}/comments",
                json={"quote": "rebuild baskets", "body": "How many minutes does it take?"})
    # during the silent reading each reader sees only their own comment
    assert [c["body"] for c in outsider.get(f"/api/v1/reviews/{review['id']}/comments").json()] == [
        "Which customers first?"]
    assert [c["body"] for c in viewer.get(f"/api/v1/reviews/{review['id']}/comments").json()] == [
        "How many minutes does it take?"]
    assert member.get(f"/api/v1/reviews/{review['id']}/comments").json() == []
    thread = mine.json()["id"]
    assert viewer.post(f"/api/v1/comments/{thread}/replies", json={"body": "x"}).status_code == 404

    assert member.post(f"/api/v1/reviews/{review['id']}/end-reading").json()["state"] == "discussion"
    assert len(member.get(f"/api/v1/reviews/{review['id']}/comments").json()) == 2
    replied = viewer.post(f"/api/v1/comments/{thread}/replies", json={"body": "Families first."})
    assert replied.status_code == 201
    assert outsider.post(f"/api/v1/comments/{thread}/resolve").status_code == 403  # author only
    assert member.post(f"/api/v1/comments/{thread}/resolve").json()["resolved"] is True

    bad = member.post(f"/api/v1/reviews/{review['id']}/outcome", json={"outcome": "maybe", "reason": "x"})
    assert bad.status_code == 422
    ended = member.post(f"/api/v1/reviews/{review['id']}/outcome",
                        json={"outcome": "revise", "reason": "Size the market first."}).json()
    assert ended["state"] == "ended" and ended["outcome"] == "revise"
    assert ended["decided_by"]["name"] == "Max Member"
    assert member.get(f"/api/v1/documents/{doc['id']}").json()["state"] == "revise"
    again = member.post(f"/api/v1/reviews/{review['id']}/outcome",
                        json={"outcome": "approved", "reason": "x"})
    assert again.status_code == 409


def test_open_comments_follow_their_text_to_the_next_version(api_as: Client) -> None:
    member, outsider = api_as("member"), api_as("outsider")
    ids = _people(member)
    doc, review = _review(member, [ids["otto@example.com"]])
    member.post(f"/api/v1/reviews/{review['id']}/start")
    kept = outsider.post(f"/api/v1/reviews/{review['id']}/comments",
                         json={"quote": "rebuild baskets by hand", "body": "Data?"}).json()
    gone = outsider.post(f"/api/v1/reviews/{review['id']}/comments",
                         json={"quote": "March 2027", "body": "Too late?"}).json()
    new_body = BODY.replace("in March 2027", "in February 2027").replace("# Plan\n", "# Plan\n\nIntro.\n")
    member.post(f"/api/v1/documents/{doc['id']}/versions", json={"body": new_body, "base_version": 1})
    member.post(f"/api/v1/reviews/{review['id']}/end-reading")
    threads = {c["id"]: c for c in member.get(f"/api/v1/documents/{doc['id']}/comments").json()}
    assert threads[kept["id"]]["version_number"] == 2 and threads[kept["id"]]["line"] == 10
    assert threads[gone["id"]]["version_number"] == 1  # its passage no longer exists


def test_only_participants_comment_and_bad_anchors_are_explained(api_as: Client) -> None:
    member, outsider = api_as("member"), api_as("outsider")
    doc, review = _review(member, [])
    member.patch(f"/api/v1/documents/{doc['id']}", json={"shared_with_all": True})
    member.post(f"/api/v1/reviews/{review['id']}/start")
    stranger = outsider.post(f"/api/v1/reviews/{review['id']}/comments",
                             json={"quote": "rebuild baskets", "body": "hi"})
    assert stranger.status_code == 403
    missing = member.post(f"/api/v1/reviews/{review['id']}/comments",
                          json={"quote": "not in the text", "body": "hi"})
    assert missing.status_code == 422 and missing.json()["error"]["details"][0]["field"] == "quote"
    bad = member.post("/api/v1/reviews", json={"document_id": doc["id"], "invitee_ids": [999],
                                               "scheduled_for": "2027-03-03T10:00:00Z",
                                               "reading_minutes": 0})
    assert bad.status_code == 422


def test_only_the_author_opens_a_private_draft_to_invitees(api_as: Client) -> None:
    member, admin = api_as("member"), api_as("admin")
    ids = _people(member)
    doc = member.post("/api/v1/documents", json={"title": "Private", "doc_type": "narrative", "body": BODY}).json()
    member.post(f"/api/v1/documents/{doc['id']}/shares", json={"person_id": ids["ada@example.com"], "can_edit": True})
    sneaky = admin.post("/api/v1/reviews", json={"document_id": doc["id"], "invitee_ids": [ids["otto@example.com"]],
                                                 "scheduled_for": "2027-03-03T10:00:00Z"})
    assert sneaky.status_code == 403
    assert api_as("outsider").get(f"/api/v1/documents/{doc['id']}").status_code == 404
