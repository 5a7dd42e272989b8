"""New passwords must be hard to guess, wherever they are set; the error names the field."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone.auth.passwords import check_strength, generate_password
from dayone.errors import InvalidInput
from tests.helpers import PASSWORD, csrf_of

Client = Callable[[str], TestClient]
WEAK = ["password1234", "qwertyuiop123", "Password1234!", "iloveyou12345", "aaaaaaaaaaaa", "1234567890"]


@pytest.mark.parametrize("weak", WEAK)
def test_common_and_guessable_passwords_are_refused_with_the_reason(weak: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_strength(weak, field="new_password")
    assert refused.value.field == "new_password"
    assert refused.value.message.startswith("new_password: this password is too easy to guess.")


def test_a_password_made_of_the_accounts_own_name_is_refused() -> None:
    check_strength("zebediahquixote2026")  # fine for a stranger
    with pytest.raises(InvalidInput, match="contains your name or email"):
        check_strength("zebediahquixote2026", user_inputs=("zq@example.com", "Zebediah Quixote"))


def test_the_suites_password_and_generated_ones_pass() -> None:
    check_strength(PASSWORD, user_inputs=("max@example.com", "Max Member"))
    for _ in range(50):
        check_strength(generate_password())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=260))
def test_any_text_is_judged_without_crashing(candidate: str) -> None:
    try:
        check_strength(candidate, user_inputs=(candidate[:20], "Ana Example"))
    except InvalidInput as exc:
        assert exc.field == "password" and exc.message.startswith("password: ")


def test_adding_an_account_with_a_weak_password_is_refused(api_as: Client, browser_as: Client) -> None:
    api = api_as("admin").post("/api/v1/users", json={"name": "Wes", "email": "wes@example.com",
                                                      "password": "password1234"})
    assert api.status_code == 422
    error = api.json()["error"]
    assert error["details"][0]["field"] == "password" and "too easy to guess" in error["message"]
    admin = browser_as("admin")
    page = admin.post("/admin/users", data={"csrf_token": csrf_of(admin, "/admin/users"), "name": "Wes",
                                            "email": "wes@example.com", "role": "viewer",
                                            "password": "qwertyuiop123"})
    assert page.status_code == 422 and "password: this password is too easy to guess" in page.text
    assert "wes@example.com" not in admin.get("/admin/users").text


def test_changing_to_a_weak_password_is_refused(browser_as: Client) -> None:
    member = browser_as("member")
    weak = "iloveyou12345"
    page = member.post("/account/password", data={"csrf_token": csrf_of(member, "/account"),
                                                  "current_password": PASSWORD, "new_password": weak,
                                                  "confirm_password": weak})
    assert page.status_code == 422 and "new_password: this password is too easy to guess" in page.text
    assert member.get("/org", follow_redirects=False).status_code == 200  # nothing changed


def test_a_reset_makes_a_strong_password(api_as: Client) -> None:
    admin = api_as("admin")
    target = next(u for u in admin.get("/api/v1/users").json() if u["email"] == "vic@example.com")
    new = admin.post(f"/api/v1/users/{target['id']}/password-reset").json()["password"]
    check_strength(new, user_inputs=("vic@example.com", "Vic Viewer"))
