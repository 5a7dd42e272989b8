"""Error pages lead somewhere: back to the page the person came from, and on to the obvious next
step (the list the missing record belongs to), not only to the organization page."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

Client = Callable[[str], TestClient]


def _links(page: str) -> list[tuple[str, str]]:
    steps = re.search(r'<ul class="next-steps">(.*?)</ul>', page, re.S)
    assert steps, "the error page lists no way out"
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', steps.group(1))


def test_a_missing_record_links_back_and_to_its_list(browser_as: Client) -> None:
    viewer = browser_as("viewer")
    missing = viewer.get("/documents/9999", headers={"Referer": "http://testserver/reviews?x=1"})
    assert missing.status_code == 404
    assert _links(missing.text) == [("/reviews?x=1", "Go back to the page you came from"),
                                    ("/documents", "All Documents"), ("/org", "Organization")]


def test_a_refusal_links_back_and_to_the_section(browser_as: Client) -> None:
    denied = browser_as("viewer").get("/people/new", headers={"Referer": "http://testserver/people"})
    assert denied.status_code == 403
    assert _links(denied.text) == [("/people", "Go back to the page you came from"), ("/org", "Organization")]


def test_another_sites_referer_is_not_offered_as_the_way_back(browser_as: Client) -> None:
    missing = browser_as("viewer").get("/teams/9999", headers={"Referer": "https://elsewhere.example/teams"})
    assert _links(missing.text) == [("/teams", "All Teams"), ("/org", "Organization")]
    protocol_relative = browser_as("viewer").get("/teams/9999", headers={"Referer": "http://testserver//evil.example"})
    assert ("//evil.example", "Go back to the page you came from") not in _links(protocol_relative.text)


def test_an_unknown_address_links_to_the_organization(browser_as: Client) -> None:
    missing = browser_as("viewer").get("/nowhere")
    assert missing.status_code == 404
    assert _links(missing.text) == [("/org", "Organization")]
