"""`dayone search` through the real entry point."""

from __future__ import annotations

import json

from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)
from tests.conftest import People
from tests.search.conftest import Corpus


def test_search_from_the_command_line(cli: Cli, people: People, corpus: Corpus) -> None:  # noqa: F811
    code, out, _ = cli("search", "zephyr")
    assert code == 0 and "Secret zephyr plan" in out and "4 matches" in out  # the machine's owner reads all
    code, out, _ = cli("search", "zephyr", "--as", people.viewer, "--format", "json")
    found = json.loads(out)
    assert code == 0 and found["total"] == 2 and corpus.private not in {h["id"] for h in found["hits"]}
    code, out, _ = cli("search", "quokka", "--as", people.viewer)
    assert code == 0 and "Nothing matches 'quokka'" in out
    code, out, _ = cli("search", "zephyr", "--kind", "team")
    assert code == 0 and "Nothing matches 'zephyr' among team." in out
    code, out, _ = cli("search", "zephyr", "--limit", "1")
    assert "next page: --offset 1" in out
    code, _, err = cli("search", "zephyr", "--kind", "doc")
    assert code == 1 and "kind: 'doc' is not a kind of record" in err
    code, _, err = cli("search", "(*)")
    assert code == 1 and "type at least one word" in err
    code, _, err = cli("search")
    assert code == 1 and "QUERY: give the words to search for" in err
    code, out, _ = cli("search", "--rebuild")
    assert code == 0 and "Search index rebuilt: 9 records." in out  # 4 people, 1 team, 4 documents
