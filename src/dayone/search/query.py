"""From what a person types to a full-text query that cannot fail.

The text is cut into words (letters and digits); everything else — quotes, operators,
parentheses, ``*``, ``:`` — is dropped, so FTS5's and PostgreSQL's query languages never see
anything but quoted words. Every word must match; the last one also matches as a prefix,
so a word being typed already finds. The query string built here goes to the database
as a bound parameter, never into the SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dayone.errors import InvalidInput

MAX_QUERY_CHARS = 500
MAX_TERMS = 12
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Terms:
    words: tuple[str, ...]

    def fts5(self) -> str:
        """``"w1" "w2" "w3"*``: FTS5 strings (an implicit AND), the last also a prefix."""
        quoted = ['"' + w.replace('"', '""') + '"' for w in self.words]
        return " ".join(quoted) + "*"

    def tsquery(self) -> str:
        """``'w1' & 'w2' & 'w3':*`` for PostgreSQL's to_tsquery."""
        quoted = ["'" + w.replace("'", "''").replace("\\", "\\\\") + "'" for w in self.words]
        quoted[-1] += ":*"
        return " & ".join(quoted)


def parse(text: str) -> Terms:
    """The words to search for; InvalidInput when there are none or the text is too long."""
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidInput(f"q: the search is {len(text):,} characters long; search with at most "
                           f"{MAX_QUERY_CHARS} (a few words find more than a paragraph).", field="q")
    words = _WORD.findall(text.lower())
    if not words:
        raise InvalidInput("q: type at least one word (letters or digits) to search for; punctuation and "
                           "operators such as AND, OR, quotes and * are ignored.", field="q")
    return Terms(tuple(dict.fromkeys(words))[:MAX_TERMS])
