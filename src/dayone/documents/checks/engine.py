"""Run every enabled rule on a document, apply suppressions, sort the findings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from dayone.documents.checks import (
    acronym,
    bullet_in_narrative,
    comparative,
    config,
    dateline,
    front_matter,
    heading_one_sentence,
    internal_faq_coverage,
    launch_date_past,
    missing_section,
    number_unit,
    page_limit,
    passive_voice,
    placeholder,
    quote_missing,
    readability,
    section_order,
    sentence_length,
    subheading_one_sentence,
    vague_time,
    weasel_word,
)
from dayone.documents.checks.feedback.checker import FEEDBACK_RULES
from dayone.documents.checks.goals import rules as goal_rules
from dayone.documents.checks.rule import Context, Rule
from dayone.documents.checks.text import Doc
from dayone.findings import Finding, Level, Location

RULES: dict[str, Rule] = {rule.code: rule for rule in (
    missing_section.RULE, section_order.RULE, heading_one_sentence.RULE,
    subheading_one_sentence.RULE, dateline.RULE, launch_date_past.RULE, quote_missing.RULE,
    internal_faq_coverage.RULE, page_limit.RULE, weasel_word.RULE, comparative.RULE,
    vague_time.RULE, sentence_length.RULE, passive_voice.RULE, acronym.RULE, bullet_in_narrative.RULE,
    readability.RULE, number_unit.RULE, placeholder.RULE,
    *goal_rules.RULES,  # doc type "goal": run by goals.check_goal, set like any rule
)}
RULES.update(FEEDBACK_RULES)  # interview feedback's (doc_type "feedback"): set in the same workspace settings
DOC_TYPES = front_matter.DOC_TYPES

# The rules report at these thorough settings unless a workspace or a document sets the rule
# itself: every long sentence, every passive, every weasel word and comparative, every
# undefined acronym, every list in a narrative. Their own defaults, calibrated on real prose
# (docs/writing-checker.md), decide which of those findings are *major* — the ones an editor
# would raise, shown first — and which are *minor*: listed, marked, never hidden.
THOROUGH: dict[str, Any] = {
    "sentence-length": {"max_words": 20},
    "passive-voice": {"min_sentences": 1, "min_share": 0},
    "weasel-word": {"extra_words": weasel_word.MORE_WORDS},
    "comparative-without-baseline": "on",
    "acronym-undefined": {"known": acronym.KNOWN_BEFORE_CALIBRATION, "min_length": 2},
    "bullet-in-narrative": {"min_item_words": 1},
    "vague-time": "on",
    "number-without-unit": "on",
}
# Rules whose findings are all minor unless a workspace or a document sets the rule: on the
# real-prose corpus (docs/writing-checker.md) too few of their findings were worth a
# writer's time to raise them first — a passive paragraph mostly describes what a system
# does (3 of 13), a vague time word mostly tells history or a consequence (3 of 16), a bare
# number mostly counts what its sentence names elsewhere (0 of 9).
MINOR_BY_DEFAULT = frozenset({"passive-voice", "vague-time", "number-without-unit"})
_THOROUGH_CLEAN: dict[str, dict[str, Any]] | None = None


def _thorough() -> dict[str, dict[str, Any]]:
    global _THOROUGH_CLEAN
    if _THOROUGH_CLEAN is None:
        _THOROUGH_CLEAN, bad = config.clean(THOROUGH, RULES, config.WORKSPACE)
        assert not bad, bad
    return _THOROUGH_CLEAN


@dataclass
class CheckResult:
    doc_type: str
    findings: list[Finding]
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return any(f.level is Level.ERROR for f in self.findings)


def check_markdown(
    text: str,
    *,
    doc_type: str | None = None,
    settings: Any = None,
    today: date | None = None,
    file: str | None = None,
    layout_pages: bool = False,
    settings_source: config.Source = config.WORKSPACE,
) -> CheckResult:
    """Check one Markdown document. ``settings`` are the workspace's rule settings (from
    ``settings_source``); the document's front matter ``checks:`` override them. A bad
    setting in either is a finding, and the rule runs as if it were not there."""
    doc = Doc(text, doc_type=doc_type)
    problems: list[Finding] = []
    if doc.front_matter_error:
        line, column = doc.front_matter_error_at
        fix = doc.front_matter_error_fix
        problems.append(Finding(Level.ERROR, "front-matter", f"Front matter is not valid YAML: "
                                f"{doc.front_matter_error} (line {line})",
                                Location(file=file, line=line, column=column),
                                f"{fix[0].upper()}{fix[1:]}." if fix else None))
    if doc.type not in DOC_TYPES:
        problems.append(Finding(Level.ERROR, "document-type",
                                f"type: {doc.type!r} is not a document type; use one of "
                                f"{', '.join(DOC_TYPES)}.", Location(file=file, line=1, field="type"),
                                None))
        return CheckResult(doc.type, problems)
    workspace, bad = config.clean(settings, RULES, settings_source)
    own, wrong = front_matter.problems(doc.front_matter, doc.source, RULES, file=file,
                                       check_type=doc_type is not None)
    problems += bad + wrong
    merged = config.merge(workspace, own)
    thorough = {code: options for code, options in _thorough().items() if code not in merged}
    when = today or date.today()
    findings = _run(doc, RULES, {**thorough, **merged}, when, file, layout_pages)
    major = _run(doc, {c: RULES[c] for c in thorough if c not in MINOR_BY_DEFAULT}, merged, when, file,
                 layout_pages)  # as calibrated
    raised = {_key(f) for f in major}
    findings = ([replace(f, priority=f.priority or "major") for f in findings if f.code not in thorough]
                + [replace(f, priority="major") for f in major]
                + [replace(f, priority="minor") for f in findings if f.code in thorough and _key(f) not in raised])
    findings.sort(key=lambda f: (f.location.line or 0, f.location.column or 0, f.code))
    grade = readability.document_readability(doc)
    stats = {"words": grade.words, "sentences": grade.sentences,
             "flesch_kincaid_grade": round(grade.grade, 1), "reading_ease": round(grade.ease, 1)}
    if "pages" in doc.memo:  # page-limit's count of each part, for the faces
        stats["pages"] = doc.memo["pages"]
    return CheckResult(doc.type, problems + findings, stats)


def _run(doc: Doc, rules: dict[str, Rule], settings: dict[str, Any], today: date, file: str | None,
         layout_pages: bool) -> list[Finding]:
    """The findings of ``rules`` at ``settings`` (code → options; a rule's own defaults else)."""
    findings: list[Finding] = []
    for code, rule in rules.items():
        options = settings.get(code, {})
        if options.get("enabled", rule.defaults.get("enabled", True)) is False:  # some are off by default
            continue
        if doc.type not in rule.doc_types:
            continue
        ctx = Context(doc, rule, options, today, file, layout_pages)
        findings.extend(f for f in rule.check(ctx) if not _suppressed(doc, f)
                        and (code == placeholder.RULE.code or not placeholder.covers(doc, f)))
    return findings


def _key(f: Finding) -> tuple[Any, ...]:
    loc = f.location
    return (f.code, loc.line, loc.column, loc.end_line, loc.end_column)


def _suppressed(doc: Doc, finding: Finding) -> bool:
    line = finding.location.line
    if line is None or line not in doc.ignored:
        return False
    codes = doc.ignored[line]
    return codes is None or finding.code in codes
