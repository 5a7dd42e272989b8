"""Precision of the checker on real documents, judged finding by finding.

A corpus folder holds real documents (``NAME.md``, each with ``NAME.source.yaml``
naming its source and licence) and ``judgments.yaml``: one entry per finding an
editor has judged, with a verdict (``useful`` — worth the writer's time — or
``noise``) and a one-line reason.

A judgment is keyed by the document, the rule code, the flagged words and a short
hash of the sentence around them, so it survives a rule that moves or rewords its
message.

Each document is checked as of the day it was written (``written: YYYY-MM-DD`` in its
source file; the day the corpus was judged when it gives none): that is when its writer
would have met each finding, and a press release dated the day it went out was not
dated in the past then. When a rule change alters the sentence around a flag (a new splitter), the
judgment of the same words by the same rule in the same document still applies,
provided every such judgment agrees.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dayone import yamlfile
from dayone.documents.checks.engine import check_markdown
from dayone.documents.checks.text import Doc
from dayone.findings import Finding

VERDICTS = ("useful", "noise")
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
TODAY = date(2026, 11, 30)  # the day the corpus was judged: "today" for a document not dated


def _squash(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Flag:
    """One finding on one document, with what keys its judgment."""

    document: str
    code: str
    text: str  # the flagged words (for a whole-line rule, the line)
    sentence: str  # the sentence or line around them
    line: int
    message: str

    @property
    def sentence_hash(self) -> str:
        return hashlib.sha1(self.sentence.encode("utf-8")).hexdigest()[:10]

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.document, self.code, self.text, self.sentence_hash)


@dataclass(frozen=True)
class Judgment:
    document: str
    code: str
    text: str
    sentence_hash: str
    verdict: str
    reason: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.document, self.code, self.text, self.sentence_hash)


@dataclass
class RuleTally:
    code: str
    useful: int = 0
    noise: int = 0
    unjudged: int = 0

    @property
    def precision(self) -> float:
        judged = self.useful + self.noise
        return self.useful / judged if judged else 1.0


@dataclass
class Outcome:
    tallies: dict[str, RuleTally] = field(default_factory=dict)
    unjudged: list[Flag] = field(default_factory=list)
    useful_known: int = 0  # findings judged useful in the judgments file, whether flagged now or not

    @property
    def overall(self) -> RuleTally:
        total = RuleTally("overall")
        for t in self.tallies.values():
            total.useful += t.useful
            total.noise += t.noise
            total.unjudged += t.unjudged
        return total


def documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.md") if not p.name.startswith("README"))


def flags(path: Path, settings: Any = None, *, minor: bool = False) -> list[Flag]:
    """Every major finding the checker gives on one corpus document (with ``minor``, the minor
    ones too), with its context."""
    source = path.read_text(encoding="utf-8")
    result = check_markdown(source, settings=settings, today=written_on(path), file=path.name)
    doc = Doc(source)
    return [_flag(path.stem, doc, f) for f in result.findings if minor or f.priority != "minor"]


def written_on(path: Path) -> date:
    """The day a corpus document was written: ``written`` in ``NAME.source.yaml``, else
    the day the corpus was judged. A value that is not a date is an error naming the file."""
    source = path.with_name(f"{path.stem}.source.yaml")
    if not source.exists():
        return TODAY
    meta = yamlfile.load(source.read_text(encoding="utf-8"), file=source.name) or {}
    value = meta.get("written") if isinstance(meta, dict) else None
    if value is None:
        return TODAY
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{source.name}: `written` must be a date written YYYY-MM-DD, "
                         f"not {value!r}") from None


def _flag(name: str, doc: Doc, finding: Finding) -> Flag:
    loc = finding.location
    line = loc.line or 1
    start = doc.line_offset(line) + (loc.column or 1) - 1
    if loc.end_line is not None and loc.end_column is not None and loc.column is not None:
        end = doc.line_offset(loc.end_line) + loc.end_column - 1
    else:
        end = start
    around = next((s for s in doc.sentences if s.start <= start < s.end), None)
    line_end = doc.source.find("\n", doc.line_offset(line))
    line_text = doc.source[doc.line_offset(line):line_end if line_end >= 0 else len(doc.source)]
    if around is not None:
        text = _squash(doc.source[start:end]) if end > start else ""
        sentence = _squash(doc.source[around.start:around.end])
    else:  # a document or heading rule: the line it points at, and its message's first clause
        text = _squash(line_text)  # with its figures masked: a grade or a page count moves
        sentence = _squash(FIGURE.sub("#", finding.message).split(":")[0].split(". ")[0].rstrip("."))
    return Flag(name, finding.code, text, sentence, line, finding.message)


def load_judgments(path: Path) -> list[Judgment]:
    if not path.exists():
        return []
    items = yamlfile.load(path.read_text(encoding="utf-8"), file=path.name) or []
    found = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or item.get("verdict") not in VERDICTS:
            raise ValueError(f"{path.name}: entry {i + 1} needs a verdict, one of {', '.join(VERDICTS)}")
        if not str(item.get("reason") or "").strip():
            raise ValueError(f"{path.name}: entry {i + 1} needs a one-line reason")
        found.append(Judgment(str(item["document"]), str(item["code"]), str(item.get("text") or ""),
                              str(item["sentence"]), item["verdict"], str(item["reason"])))
    return found


class Judge:
    """Finds the verdict for a flag: by its full key, else by document, rule and words
    when every judgment of those agrees."""

    def __init__(self, judgments: Iterable[Judgment]) -> None:
        self.exact: dict[tuple[str, str, str, str], Judgment] = {}
        self.loose: dict[tuple[str, str, str], set[str]] = {}
        for j in judgments:
            self.exact[j.key] = j
            self.loose.setdefault((j.document, j.code, j.text), set()).add(j.verdict)

    def verdict(self, flag: Flag) -> str | None:
        if (found := self.exact.get(flag.key)) is not None:
            return found.verdict
        if flag.code == "sentence-length":
            return None  # its words are the sentence: a changed sentence is a new finding
        verdicts = self.loose.get((flag.document, flag.code, flag.text), set())
        return next(iter(verdicts)) if len(verdicts) == 1 else None


def workspaces(folder: Path) -> dict[str, Any]:
    """Document name → the settings of its team's workspace (``workspaces.yaml``)."""
    path = folder / "workspaces.yaml"
    if not path.exists():
        return {}
    found: dict[str, Any] = {}
    for workspace in (yamlfile.load(path.read_text(encoding="utf-8"), file=path.name) or {}).values():
        for document in workspace.get("documents") or []:
            found[str(document)] = workspace.get("settings")
    return found


def evaluate(folder: Path, settings: Any = None, *, use_workspaces: bool = True, minor: bool = False) -> Outcome:
    """Tally every major finding (with ``minor``, every finding) on the corpus against the
    judgments. Each document is checked with ``settings`` if given, else with its team's
    workspace settings."""
    judgments = load_judgments(folder / "judgments.yaml")
    judge = Judge(judgments)
    outcome = Outcome(useful_known=sum(j.verdict == "useful" for j in judgments))
    teams = workspaces(folder) if use_workspaces else {}
    for path in documents(folder):
        for flag in flags(path, settings if settings is not None else teams.get(path.stem), minor=minor):
            tally = outcome.tallies.setdefault(flag.code, RuleTally(flag.code))
            verdict = judge.verdict(flag)
            if verdict == "useful":
                tally.useful += 1
            elif verdict == "noise":
                tally.noise += 1
            else:
                tally.unjudged += 1
                outcome.unjudged.append(flag)
    return outcome


SAMPLE = 10  # judged findings a rule needs before its own precision is held to the goal


def thin(outcome: Outcome, sample: int = SAMPLE) -> list[str]:
    """The rules judged fewer than ``sample`` times: their precision says little on its own
    (with five, one verdict moves it by 0.2), so they count only towards the overall figure."""
    return sorted(t.code for t in outcome.tallies.values() if t.useful + t.noise < sample)


def report(outcome: Outcome) -> str:
    lines = [f"{'rule':30} {'precision':>9} {'useful':>6} {'noise':>6} {'unjudged':>8}"]
    for t in sorted(outcome.tallies.values(), key=lambda t: t.code):
        lines.append(f"{t.code:30} {t.precision:>9.3f} {t.useful:>6} {t.noise:>6} {t.unjudged:>8}")
    o = outcome.overall
    lines.append(f"{'overall':30} {o.precision:>9.3f} {o.useful:>6} {o.noise:>6} {o.unjudged:>8}")
    lines.append(f"useful findings kept: {o.useful} of {outcome.useful_known} judged useful")
    if few := thin(outcome):
        lines.append(f"judged fewer than {SAMPLE} times (held to the overall goal only): {', '.join(few)}")
    return "\n".join(lines)
