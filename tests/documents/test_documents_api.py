"""Documents through the API: privacy, versions, merges on conflict, checks, export."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

Client = Callable[[str], TestClient]


def _new(client: TestClient, **kw: object) -> dict:
    response = client.post("/api/v1/documents", json={"title": "Reorder", "doc_type": "prfaq", **kw})
    assert response.status_code == 201, response.text
    return response.json()


def test_a_new_document_starts_from_the_template_and_is_private(api_as: Client) -> None:
    member, outsider, admin = api_as("member"), api_as("outsider"), api_as("admin")
    doc = _new(member)
    body = member.get(f"/api/v1/documents/{doc['id']}/versions/1").json()["body"]
    assert "# Press release" in body and "## Customer quote" in body and "# Internal FAQ" in body
    for other in (outsider, admin):
        assert other.get(f"/api/v1/documents/{doc['id']}").status_code == 404
        assert doc["id"] not in [d["id"] for d in other.get("/api/v1/documents").json()]
    member.patch(f"/api/v1/documents/{doc['id']}", json={"shared_with_all": True})
    assert outsider.get(f"/api/v1/documents/{doc['id']}").status_code == 200
    assert outsider.post(f"/api/v1/documents/{doc['id']}/versions",
                         json={"body": "x", "base_version": 1}).status_code == 403


def test_sharing_is_explicit_and_can_grant_editing(api_as: Client, ws: object) -> None:
    member, outsider = api_as("member"), api_as("outsider")
    doc = _new(member)
    otto = next(p for p in member.get("/api/v1/people").json() if p["email"] == "otto@example.com")
    shared = member.post(f"/api/v1/documents/{doc['id']}/shares",
                         json={"person_id": otto["id"], "can_edit": True}).json()
    assert shared["shares"] == [{"person": {"id": otto["id"], "name": "Otto Outsider"}, "can_edit": True}]
    saved = outsider.post(f"/api/v1/documents/{doc['id']}/versions",
                          json={"body": "# Text\n", "base_version": 1, "note": "mine"})
    assert saved.status_code == 201 and saved.json()["number"] == 2
    assert outsider.patch(f"/api/v1/documents/{doc['id']}", json={"shared_with_all": True}).status_code == 403
    member.delete(f"/api/v1/documents/{doc['id']}/shares/{otto['id']}")
    assert outsider.get(f"/api/v1/documents/{doc['id']}").status_code == 404


def test_a_stale_save_is_refused_with_a_merge_and_nothing_is_lost(api_as: Client) -> None:
    member = api_as("member")
    doc = _new(member, body="intro\nmiddle\nend\n")
    first = member.post(f"/api/v1/documents/{doc['id']}/versions",
                        json={"body": "INTRO\nmiddle\nend\n", "base_version": 1})
    assert first.status_code == 201
    stale = member.post(f"/api/v1/documents/{doc['id']}/versions",
                        json={"body": "intro\nmiddle\nEND\n", "base_version": 1})
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["details"]["merged_body"] == "INTRO\nmiddle\nEND\n"
    assert error["details"]["conflicts"] == 0 and error["details"]["current_version"] == 2
    assert "merge cleanly" in error["message"]
    versions = member.get(f"/api/v1/documents/{doc['id']}/versions").json()
    assert [v["number"] for v in versions] == [2, 1]
    resolved = member.post(f"/api/v1/documents/{doc['id']}/versions",
                           json={"body": error["details"]["merged_body"], "base_version": 2})
    assert resolved.status_code == 201


def test_compare_versions_side_by_side(api_as: Client) -> None:
    member = api_as("member")
    doc = _new(member, body="a\nb\nc\n")
    member.post(f"/api/v1/documents/{doc['id']}/versions", json={"body": "a\nB\nc\nd\n", "base_version": 1})
    diff = member.get(f"/api/v1/documents/{doc['id']}/compare?left=1&right=2").json()
    assert [(r["kind"], r["left"], r["right"]) for r in diff["rows"]] == [
        ("equal", "a", "a"), ("replace", "b", "B"), ("equal", "c", "c"), ("insert", None, "d")]


def test_check_saved_and_unsaved_text(api_as: Client) -> None:
    member = api_as("member")
    doc = _new(member, doc_type="narrative", body="---\ntype: narrative\n---\n# Plan\n\nSales grew "
               "significantly.\n")
    saved = member.get(f"/api/v1/documents/{doc['id']}/check").json()
    assert "weasel-word" in {f["code"] for f in saved["findings"]}
    finding = next(f for f in saved["findings"] if f["code"] == "weasel-word")
    assert (finding["line"], finding["column"], finding["end_column"]) == (6, 12, 25)
    draft = member.post(f"/api/v1/documents/{doc['id']}/check",
                        json={"body": "# Plan\n\n<script>alert(1)</script>We sell tea in Tacoma.\n"}).json()
    assert draft["findings"] == []
    assert "<script>" not in draft["preview_html"] and "We sell tea" in draft["preview_html"]


def test_workspace_rules_apply_and_bad_settings_are_explained(api_as: Client) -> None:
    admin, member = api_as("admin"), api_as("member")
    doc = _new(member, doc_type="narrative", body="We probably have stores in Tacoma and in Seattle.\n")
    assert "weasel-word" in {f["code"] for f in member.get(f"/api/v1/documents/{doc['id']}/check")
                             .json()["findings"]}
    bad = admin.put("/api/v1/checks/settings", json={"weasle-word": "off"})
    assert bad.status_code == 422 and "did you mean `weasel-word`" in str(bad.json())
    assert admin.put("/api/v1/checks/settings", json={"weasel-word": "off"}).status_code == 200
    assert "weasel-word" not in {f["code"] for f in member.get(f"/api/v1/documents/{doc['id']}/check")
                                 .json()["findings"]}


def test_export_markdown_and_pdf(api_as: Client) -> None:
    member = api_as("member")
    doc = _new(member)
    md = member.get(f"/api/v1/documents/{doc['id']}/export?format=md")
    assert md.headers["content-type"].startswith("text/markdown") and "# Press release" in md.text
    pdf = member.get(f"/api/v1/documents/{doc['id']}/export?format=pdf&paper=Letter")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert 'filename="reorder.pdf"' in pdf.headers["content-disposition"]


def test_bad_input_is_named(api_as: Client) -> None:
    member = api_as("member")
    bad_type = member.post("/api/v1/documents", json={"title": "X", "doc_type": "memo"})
    assert bad_type.status_code == 422 and bad_type.json()["error"]["details"][0]["field"] == "doc_type"
    doc = _new(member)
    nul = member.post(f"/api/v1/documents/{doc['id']}/versions", json={"body": "a\x00b", "base_version": 1})
    assert nul.status_code == 422 and "NUL" in nul.json()["error"]["message"]
    too_long = member.post(f"/api/v1/documents/{doc['id']}/versions",
                           json={"body": "x" * 400_001, "base_version": 1})
    assert too_long.status_code == 422
    assert len(member.get(f"/api/v1/documents/{doc['id']}/versions").json()) == 1


def test_user_markdown_is_sanitized_everywhere(api_as: Client, browser_as: Client) -> None:
    member = api_as("member")
    attack = ("# Plan\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
              "<p onclick=\"alert(3)\">click</p>\n\n[link](javascript:alert(4))\n\n"
              "<a href=\"javascript:alert(5)\">x</a> <iframe src=\"https://evil.example\"></iframe>\n")
    doc = _new(member, doc_type="narrative", body=attack)
    checked = member.post(f"/api/v1/documents/{doc['id']}/check", json={"body": attack}).json()
    preview = checked["preview_html"]
    page = browser_as("member").get(f"/documents/{doc['id']}").text
    for html in (preview, page.split('<article class="document">')[1].split("</article>")[0]):
        lowered = html.lower()
        for bad in ("<script", "onerror", "onclick", 'href="javascript:', "<iframe", "<img"):
            assert bad not in lowered, (bad, html)


def test_admin_edits_the_workspace_rules_in_the_browser(browser_as: Client) -> None:
    from tests.helpers import csrf_of

    admin = browser_as("admin")
    token = csrf_of(admin, "/admin/checks")
    bad = admin.post("/admin/checks", data={"csrf_token": token, "settings": "passive-voise: off\n"})
    assert bad.status_code == 422
    assert "unknown rule `passive-voise`" in bad.text and "did you mean `passive-voice`" in bad.text
    ok = admin.post("/admin/checks", data={"csrf_token": token,
                                           "settings": "sentence-length: {max_words: 30}\n"})
    assert ok.status_code == 200 and "Saved" in ok.text
    assert "max_words: 30" in admin.get("/admin/checks").text
    broken = admin.post("/admin/checks", data={"csrf_token": token, "settings": "a: [\n"})
    assert broken.status_code == 422 and "not valid YAML" in broken.text
