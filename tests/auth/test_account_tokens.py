"""API tokens created and revoked on one's own account page: the secret is shown once, the
list names each token with its dates, and a revoke asks first."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.helpers import csrf_of

Client = Callable[[str], TestClient]


def test_create_use_list_and_revoke_a_token_on_the_account_page(browser_as: Client, app_client: TestClient) -> None:
    page = browser_as("member")
    assert 'id="no-tokens"' in page.get("/account").text
    csrf = csrf_of(page, "/account")
    made = page.post("/account/tokens", data={"csrf_token": csrf, "name": "nightly export", "days": "30"})
    assert made.status_code == 200 and "it is not shown again" in made.text
    secret = re.search(r'<code id="new-token">(d1_[^<]+)</code>', made.text).group(1)  # type: ignore[union-attr]
    assert app_client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    listing = page.get("/account").text
    assert secret not in listing  # never shown again
    row = re.search(r'<tr data-token="(\d+)">(.*?)</tr>', listing, re.S)
    assert row and "nightly export" in row.group(2) and "active" in row.group(2)
    last_used = r"<td><time datetime=\"[^\"]+Z\">\d{4}-\d\d-\d\d \d\d:\d\d [A-Z]+</time></td>"
    assert re.search(last_used, row.group(2))  # last used: just now, in the reader's time zone
    token_id = row.group(1)
    confirm = page.get(f"/account/tokens/{token_id}/revoke")
    page_itself = confirm.text.split("</header>", 1)[1]  # (the header's menu button has a script of its own)
    assert confirm.status_code == 200 and "stop working at once" in confirm.text and "<script" not in page_itself
    assert browser_as("viewer").get(f"/account/tokens/{token_id}/revoke").status_code == 404  # not theirs
    done = page.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert "is revoked: it no longer works" in page.get(done.headers["location"]).text
    assert app_client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert "revoked" in page.get("/account").text


def test_a_wrong_lifetime_is_named_and_the_name_kept(browser_as: Client) -> None:
    page = browser_as("viewer")
    csrf = csrf_of(page, "/account")
    bad = page.post("/account/tokens", data={"csrf_token": csrf, "name": "my script", "days": "400"})
    assert bad.status_code == 422 and "days: a token lives 1 to 366 days" in bad.text
    assert 'value="my script"' in bad.text
    words = page.post("/account/tokens", data={"csrf_token": csrf, "name": "x", "days": "soon"})
    assert words.status_code == 422 and "days: give a whole number of days" in words.text
