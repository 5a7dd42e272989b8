"""Every form of the app, sent empty and with wrong values: the page comes back with what was
typed, a message beside each field in error that uses the field's label, every such field at
once, and no validation library's wording. The forms are found on every page (tests/web/pages.py,
built from the app's routes), and every page route that takes a POST must be reached."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from dayone.demo.company import DemoLogin, ensure_demo
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.helpers import csrf_of
from tests.web.pages import every_page, remove_pending_upload, write_pending_upload

LIBRARY_WORDING = re.compile(r"String should|Input should|Field required|Value error|validation error|"
                             r"should be a valid|Extra inputs|pydantic|type=[a-z_]+|Unable to parse", re.I)
TYPED = {"text": "Typed {name}", "textarea": "Typed {name}\nsecond line", "search": "Typed {name}",
         "email": "not an address", "number": "twelve", "date": "31/02/2026", "datetime-local": "next Tuesday",
         "password": "x", "url": "not a url"}
# POST page routes with no form a person types into (buttons, uploads), each with its reason
NO_TYPED_FORM = {
    "/sign-in": "tested in tests/web/test_pages.py (a wrong password keeps the email)",
    "/sign-out": "a button",
    "/people/{person_id}/delete": "a button",
    "/admin/users/{user_id}/role": "a role menu and a button",
    "/admin/users/{user_id}/reset-password": "a button", "/admin/users/{user_id}/active": "a button",
    "/documents/{document_id}/live-check": "called by the editor's script with JSON",
    "/documents/{document_id}/unshare/{person_id}": "a button",
    "/documents/{document_id}/settings": "menus and checkboxes only",
    "/documents/{document_id}/share": "a menu and a button",
    "/decisions/{decision_id}/decide": "a button", "/decisions/{decision_id}/approve": "a button",
    "/reviews/{review_id}/start": "a button", "/reviews/{review_id}/end-reading": "a button",
    "/comments/{comment_id}/resolve": "a button",
    "/wbr/data": "a file upload (tests/browser/test_wbr_upload_browser.py)",
    "/wbr/data/{name}/accept": "a button", "/wbr/data/{name}/start": "checkboxes and menus",
    "/wbr/metrics/{name}/remove": "a button", "/wbr/{week_ending}/freeze": "a button",
    "/wbr/{week_ending}/hold": "a button", "/wbr/delegates": "a menu",
    "/decisions/{decision_id}/position": "a stance menu (its view is optional)",
    "/decisions/{decision_id}/escalate": "shown on a decision the demo member owns (covered in decisions tests)",
    "/decisions/{decision_id}/revisit": "shown on decided decisions only to their owner",
    "/reviews/{review_id}/outcome": "shown during a review in progress",
    "/reviews/{review_id}/reschedule": "shown only to the organizer of a review still to come; its wrong values "
                                        "(kept, beside the field) are tested in tests/notify/test_reschedule.py",
    "/reviews/{review_id}/comments": "shown during a review in progress",
    "/comments/{comment_id}/reply": "shown during a review in progress",
    "/wbr/{week_ending}/notes/{metric:path}": "a note; tested in tests/wbr",
    "/wbr/metrics/new": "on the metrics page under the metrics file's own form",
    "/account/tokens/{token_id}/revoke": "a button on a confirmation page",
    "/archive/{kind}/{ref}/purge": "a button on a confirmation page",
    **{f"/{kind}/{{{kind[:-1]}_id}}/{action}": "a button (archiving asks on a page of its own)"
       for kind in ("documents", "initiatives", "teams", "decisions", "experiments")
       for action in ("archive", "restore")},
    "/wbr/metrics/{name}/restore": "a button on the archive page",
    "/account/notifications": "radio choices per kind only (tests/notify/test_preferences.py)",
    "/admin/notifications/test": "a button", "/wbr/data/uploaders": "checkboxes only",
    "/goals/plans/{plan_id}/op2": "a button, shown while a plan is at OP1 (the demo's are at OP2; tests/goals)",
    "/goals/plans/{plan_id}/measure": "a button",
    "/experiments/{experiment_id}/transition": "a button", "/experiments/{experiment_id}/compute": "a button",
    "/experiments/{experiment_id}/results": "a file upload or pasted statistics, refused with every problem listed "
                                            "(tests/experiments/test_experiments_web.py)",
    "/hiring/requisitions": "menus only", "/hiring/loops": "menus only", "/hiring/bar-raisers": "menus only",
    "/hiring/candidates": "a file upload; a bad resume is refused on the page (tests/hiring/test_hiring_web.py)",
    "/hiring/loops/{loop_id}/transition": "a button", "/hiring/loops/{loop_id}/bar-raiser": "a menu",
    "/hiring/loops/{loop_id}/interviewers/{person_id}/remove": "a button",
    "/hiring/loops/{loop_id}/interviewers": "shown while a loop is planned or interviewing (the walk visits a loop "
                                            "in its debrief); tested in tests/hiring/test_hiring_web.py",
    **{f"/hiring/loops/{{loop_id}}/{path}": f"shown only to {who} (the walk signs in as an admin); wrong values "
       "tested in tests/hiring/test_hiring_web.py" for path, who in (
        ("feedback", "the loop's interviewers"), ("feedback/draft", "the feedback form's script, with JSON"),
        ("debrief/open", "the loop's people before its debrief"),
        ("debrief/vote-change", "interviewers in the debrief"),
        ("debrief/decision", "the hiring manager"), ("debrief/veto", "the Bar Raiser"))},
    "/experiments/{experiment_id}/market": "a file upload or pasted panel with its design, refused with the problem "
                                           "named and the design kept (tests/experiments/test_experiments_web.py)",
}


@dataclass
class Field:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str
    label: str = ""
    required: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    multipart: bool
    fields: list[Field] = field(default_factory=list)


class Forms(HTMLParser):
    """The POST forms of a page, their fields and the labels that name them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.labels: dict[str, str] = {}
        self.ids: dict[str, str] = {}  # a field's id → name
        self._label_for: str | None = None
        self._text: list[str] = []
        self._field: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.forms.append(Form(a.get("action", ""), "multipart" in a.get("enctype", "")))
        elif tag == "label" and a.get("for"):
            self._label_for, self._text = a["for"], []
        elif tag in ("input", "textarea", "select") and self.forms and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            if kind in ("submit", "button", "file"):
                return
            made = Field(a["name"], kind, a.get("value", ""), required="required" in a)
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1].fields.append(made)
            if a.get("id"):
                self.ids[a["id"]] = a["name"]
            if tag != "input":
                self._field = made
        elif tag == "option" and self._field is not None:
            value = a.get("value")
            self._field.options.append(value if value is not None else "")
            if "selected" in a:
                self._field.value = self._field.options[-1]

    def handle_data(self, data: str) -> None:
        if self._label_for is not None:
            self._text.append(data)
        if self._field is not None and self._field.kind == "textarea":
            self._field.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_for is not None:
            self.labels[self._label_for] = " ".join("".join(self._text).split())
            self._label_for = None
        elif tag in ("textarea", "select") and self._field is not None:
            if tag == "select" and not self._field.value and self._field.options:
                self._field.value = self._field.options[0]
            self._field = None

    def parsed(self) -> list[Form]:
        for form in self.forms:
            for f in form.fields:
                f.label = next((text for id_, text in self.labels.items() if self.ids.get(id_) == f.name), "")
        return self.forms


def forms_of(page: str) -> list[Form]:
    parser = Forms()
    parser.feed(page)
    return parser.parsed()


def typed_fields(form: Form) -> list[Field]:
    return [f for f in form.fields if f.kind in TYPED]


def short(label: str) -> str:
    """A label without its parenthesised hint: "New password (at least 10…)" → "New password"."""
    return label.split(" (")[0].strip()


class Invalid(HTMLParser):
    """The fields a page marks invalid (aria-invalid) and the message each points to."""

    def __init__(self) -> None:
        super().__init__()
        self.marked: dict[str, str] = {}  # field name → id of its message
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("aria-invalid") == "true" and a.get("name"):
            self.marked[a["name"]] = a.get("aria-describedby", "")
        if a.get("id"):
            self.texts.setdefault(a["id"], [])
            self._open.append(a["id"])
        elif tag not in ("input", "br", "img", "meta", "link", "option") and self._open:
            self._open.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag not in ("input", "br", "img", "meta", "link", "option"):
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for id_ in self._open:
            if id_:
                self.texts[id_].append(data)

    def message(self, name: str) -> str | None:
        target = self.marked.get(name)
        if target is None:
            return None
        return " ".join("".join(self.texts.get(target, [])).split())


@dataclass
class Walk:
    client: TestClient
    member: TestClient
    urls: list[tuple[str, str, bool]]  # route, url, as the member (author pages)


@pytest.fixture
def demo(ws: Workspace) -> Iterator[Walk]:
    login: DemoLogin = ensure_demo(ws)
    write_pending_upload(ws)
    app = create_app(ws)
    clients = []
    for email in (login.email, login.member_email):
        client = TestClient(app)
        token = csrf_of(client)
        signed = client.post("/sign-in", data={"csrf_token": token, "email": email, "password": login.password,
                                               "next": "/org"}, follow_redirects=False)
        assert signed.status_code == 303
        clients.append(client)
    yield Walk(clients[0], clients[1], [(p.route, p.url, p.as_author) for p in every_page(app, ws)])
    remove_pending_upload(ws)


def _post_routes(app_routes: list[tuple[str, str]]) -> set[str]:
    return {path for method, path in app_routes if method == "POST" and not path.startswith("/api/")}


def _route_of(action: str, routes: set[str]) -> str | None:
    if action in routes:  # /people/new before /people/{person_id}
        return action
    for route in routes:
        pattern = re.sub(r"\\\{[a-z_]+(:path)?\\\}", "[^?]+", re.escape(route))
        if re.fullmatch(pattern, action.split("?")[0]):
            return route
    return None


def _accepted(status: int, text: str) -> bool:
    """Saved: a redirect, or the page again with a notice and no error (the writing rules)."""
    return status == 303 or (status == 200 and 'role="alert"' not in text)


def _check(form: Form, sent: dict[str, str], response_text: str, status: int, where: str) -> list[str]:
    wrong = []
    if status not in (400, 409, 422):
        return [f"{where}: answered {status}, expected the form again with the mistake named"]
    if LIBRARY_WORDING.search(response_text):
        wrong.append(f"{where}: library wording {LIBRARY_WORDING.search(response_text).group(0)!r}")
    if f'action="{form.action}"' not in response_text:
        wrong.append(f"{where}: the form is not shown again")
    invalid = Invalid()
    invalid.feed(response_text)
    for f in typed_fields(form):
        value = sent.get(f.name, "")
        if value and f.kind != "password" and html.escape(value, quote=True) not in response_text \
                and html.escape(value, quote=False) not in response_text:
            wrong.append(f"{where}: what was typed in {f.label or f.name!r} ({value!r}) is lost")
    for name in invalid.marked:
        message = invalid.message(name) or ""
        label = next((short(f.label) for f in form.fields if f.name == name), name)
        if label.lower() not in message.lower():
            wrong.append(f"{where}: the message beside {label!r} does not use its label: {message!r}")
    return wrong


def _required_marked(form: Form, response_text: str, where: str) -> list[str]:
    invalid = Invalid()
    invalid.feed(response_text)
    return [f"{where}: {short(f.label) or f.name!r} is required and empty but not marked"
            for f in typed_fields(form) if f.required and f.name not in invalid.marked]


def _wrong_marked(form: Form, sent: dict[str, str], response_text: str, where: str) -> list[str]:
    invalid = Invalid()
    invalid.feed(response_text)
    return [f"{where}: {short(f.label) or f.name!r} got {sent[f.name]!r} but is not marked"
            for f in typed_fields(form) if f.kind in ("email", "number", "date", "datetime-local")
            and f.name not in invalid.marked]


def test_every_form_keeps_what_was_typed_and_names_each_mistake_beside_its_field(demo: Walk, ws: Workspace) -> None:
    routes = _post_routes([(m, c.path) for c in iter_route_contexts(create_app(ws).routes)
                           for m in (c.methods or ())])
    reached: set[str] = set()
    wrong: list[str] = []
    for _, url, as_author in demo.urls:
        client = demo.member if as_author else demo.client
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.headers["content-type"]:
            continue
        for form in forms_of(page.text):
            route = _route_of(form.action, routes)
            if route is None or form.multipart or not typed_fields(form) or route in NO_TYPED_FORM:
                continue
            reached.add(route)
            base = {f.name: f.value for f in form.fields if f.kind not in TYPED}
            empty = {**base, **{f.name: "" for f in typed_fields(form)}}
            answer = client.post(form.action, data=empty, follow_redirects=False)
            if not _accepted(answer.status_code, answer.text):  # an empty form may be fine (every field optional)
                wrong += _check(form, empty, answer.text, answer.status_code, f"{url} → {form.action} (empty)")
                wrong += _required_marked(form, answer.text, f"{url} → {form.action} (empty)")
            page = client.get(url)  # a fresh token and version after the first answer
            fresh = next((f for f in forms_of(page.text) if f.action == form.action), form)
            base = {f.name: f.value for f in fresh.fields if f.kind not in TYPED}
            bad = {**base, **{f.name: TYPED[f.kind].format(name=f.name) for f in typed_fields(fresh)}}
            answer = client.post(fresh.action, data=bad, follow_redirects=False)
            checked_kinds = {f.kind for f in typed_fields(fresh)} & {"email", "number", "date", "datetime-local"}
            if not _accepted(answer.status_code, answer.text) or checked_kinds:
                where = f"{url} → {fresh.action} (wrong values)"
                wrong += _check(fresh, bad, answer.text, answer.status_code, where)
                if answer.status_code in (400, 409, 422):
                    wrong += _wrong_marked(fresh, bad, answer.text, where)
    missing = routes - reached - set(NO_TYPED_FORM)
    assert not missing, f"no form found for these POST routes; reach them or say why in NO_TYPED_FORM: {missing}"
    assert not set(NO_TYPED_FORM) - routes, "NO_TYPED_FORM names routes that no longer exist"
    assert wrong == [], "\n".join(wrong)
