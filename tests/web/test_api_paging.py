"""Every list endpoint of the API pages the same way: ``limit`` and ``offset`` in the query,
the total in ``X-Total-Count``, the next page in a ``Link`` header, the body the bare list it
always was (so older scripts keep working)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from dayone.web.app import create_app
from dayone.workspace import Workspace

Client = Callable[[str], TestClient]


def _list_endpoints(ws: Workspace) -> dict[str, set[str]]:
    """GET operations answering a JSON list, from the OpenAPI description, with their query parameters."""
    schema = create_app(ws).openapi()
    found = {}
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        answer = get.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
        if answer.get("schema", {}).get("type") == "array":
            found[path] = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
    return found


def test_every_list_endpoint_takes_limit_and_offset(ws: Workspace) -> None:
    endpoints = _list_endpoints(ws)
    assert {"/api/v1/people", "/api/v1/decisions", "/api/v1/audit", "/api/v1/wbr/data"} <= endpoints.keys()
    assert {path: query for path, query in endpoints.items() if not {"limit", "offset"} <= query} == {}


def test_a_list_in_pages_with_its_total_and_the_next_page(api_as: Client) -> None:
    admin = api_as("admin")
    for n in range(5):
        assert admin.post("/api/v1/people", json={"name": f"Paged {n}", "email": f"paged{n}@example.com"}
                          ).status_code == 201
    everyone = admin.get("/api/v1/people")
    assert isinstance(everyone.json(), list) and everyone.headers["X-Total-Count"] == str(len(everyone.json()))
    assert "link" not in everyone.headers
    total = len(everyone.json())
    first = admin.get("/api/v1/people?limit=3")
    assert first.json() == everyone.json()[:3] and first.headers["X-Total-Count"] == str(total)
    assert first.headers["Link"] == '</api/v1/people?limit=3&offset=3>; rel="next"'
    second = admin.get("/api/v1/people?limit=3&offset=3")
    assert second.json() == everyone.json()[3:6]
    last = admin.get(f"/api/v1/people?limit=3&offset={total - 1}")
    assert last.json() == everyone.json()[-1:] and "link" not in last.headers
    assert admin.get(f"/api/v1/people?offset={total}").json() == []


def test_the_audit_log_pages_in_the_database(api_as: Client) -> None:
    admin = api_as("admin")
    for n in range(3):
        admin.post("/api/v1/teams", json={"name": f"Audited {n}"})
    newest = admin.get("/api/v1/audit?limit=2")
    total = int(newest.headers["X-Total-Count"])
    assert len(newest.json()) == 2 and total >= 3 + 4  # the teams and the fixture's accounts
    after = admin.get("/api/v1/audit?limit=2&offset=2").json()
    assert [e["id"] for e in newest.json() + after] == [e["id"] for e in admin.get("/api/v1/audit?limit=4").json()]
    assert len(admin.get("/api/v1/audit").json()) == min(total, 200)  # a page of it unless asked


def test_a_wrong_limit_is_named(api_as: Client) -> None:
    for query in ("limit=0", "limit=5000", "offset=-1", "limit=ten"):
        answer = api_as("viewer").get(f"/api/v1/teams?{query}")
        assert answer.status_code == 422
        field = answer.json()["error"]["details"][0]["field"]
        assert field == query.split("=")[0]
        assert "Input should" not in answer.json()["error"]["message"]
