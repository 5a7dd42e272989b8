"""`dayone search QUERY`: the search from the command line."""

from __future__ import annotations

import json
import re

import typer
from rich.console import Console
from rich.table import Table

from dayone.errors import InvalidInput

out = Console(highlight=False, soft_wrap=True)
HELP = "Search documents, decisions, metrics, people, teams, initiatives and experiments."
_MARKS = re.compile(r"</?mark>")


def search(
    query: str | None = typer.Argument(None, help="Words to find (punctuation and operators are ignored)."),
    kind: list[str] | None = typer.Option(None, "--kind", help="document, decision, metric, person, team or "
                                          "initiative or experiment (repeat it; all when absent)."),
    as_user: str | None = typer.Option(None, "--as", help="Search what this account may read (default: "
                                       "everything, as the machine's owner)."),
    limit: int = typer.Option(20, help="Hits to show."),
    offset: int = typer.Option(0, help="Hits to skip."),
    output: str = typer.Option("text", "--format", help="text or json."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Write the whole index again from the records "
                                 "(after editing the database by hand); no QUERY needed."),
) -> None:
    """Search documents, decisions, metrics, people, teams, initiatives and experiments."""
    import html

    from dayone.auth import service as accounts
    from dayone.auth.permissions import CLI_ACTOR
    from dayone.cli.context import open_workspace
    from dayone.search import events, service

    if output not in ("text", "json"):
        raise InvalidInput(f"--format: {output!r} is not a format; use text or json.")
    if not rebuild and query is None:
        raise InvalidInput("QUERY: give the words to search for, e.g. `dayone search reorder`.")
    with open_workspace() as ws, ws.session() as session:
        if rebuild:
            count = events.rebuild(session)
            out.print(f"Search index rebuilt: {count:,} record{'s' if count != 1 else ''}.")
            if query is None:
                return
        assert query is not None
        actor = accounts.actor_for(accounts.get_user_by_email(session, as_user)) if as_user else CLI_ACTOR
        found = service.search(session, actor, query, kind or [], limit=limit, offset=offset)
    if output == "json":
        print(json.dumps(found.model_dump(), indent=2, ensure_ascii=False))
        return
    if not found.hits:
        out.print(f"Nothing matches {query!r}" + (f" among {', '.join(found.kinds)}." if kind else "."))
        return
    table = Table("kind", "title", "where", "passage")
    for hit in found.hits:
        passage = html.unescape(_MARKS.sub("", hit.snippet_html)).replace("\n", " ")
        table.add_row(hit.kind, hit.title, hit.url, passage)
    out.print(table)
    shown = f"{found.offset + 1}–{found.offset + len(found.hits)} of {found.total:,}"
    out.print(f"{found.total:,} match{'es' if found.total != 1 else ''} ({shown})"
              + (f"; next page: --offset {found.next_offset}" if found.next_offset is not None else "."))
