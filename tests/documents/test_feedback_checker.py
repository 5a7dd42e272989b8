"""The writing checker on interview feedback (`check_feedback`): what each rule reports, where
its findings point, the workspace's settings, and any text at all."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayone.documents.checks import check_markdown
from dayone.documents.checks.feedback import Note, StarLike, check_feedback
from dayone.documents.checks.text import Doc
from dayone.findings import Finding, Level

GOOD = Note("Ownership", "The build broke on main for two days and nobody fixed it.",
            "Candidate was not on the build team.",
            "I bisected the 40 commits, found the toolchain bump, and reverted it.",
            "Main was green again within the hour.")


def codes(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.code, f.location.field) for f in findings]


def words_at(text: str, finding: Finding) -> str:
    doc = Doc(text, doc_type="feedback")
    loc = finding.location
    assert loc.line and loc.column and loc.end_line and loc.end_column
    start = doc.line_offset(loc.line) + loc.column - 1
    end = doc.line_offset(loc.end_line) + loc.end_column - 1
    return doc.source[start:end]


def test_good_feedback_has_no_findings() -> None:
    assert check_feedback([GOOD], "Inclined. Fixed a build nobody owned, with data.") == []


def test_a_missing_or_placeholder_part_is_an_error_naming_principle_and_part() -> None:
    note = Note("Dive Deep", "", "Find the cause of the 502s.", "I traced them to the load balancer.", "n/a")
    found = check_feedback([note], "")
    assert codes(found) == [("feedback-star-missing", "notes[Dive Deep].situation"),
                            ("feedback-star-missing", "notes[Dive Deep].result")]
    assert all(f.level is Level.ERROR for f in found)
    assert found[0].message == "Dive Deep: the situation is missing."
    assert found[1].message == "Dive Deep: the result is only `n/a`, a placeholder."
    assert "with its number" in (found[1].suggestion or "")
    assert found[0].location.line is None  # nothing to point at but the field
    assert (found[1].location.line, found[1].location.column, found[1].location.end_column) == (1, 1, 4)


def test_a_thin_part_is_a_warning_and_a_measured_short_result_is_not() -> None:
    def thin(**parts: str) -> list[tuple[str, str | None]]:
        fields = {"situation": GOOD.situation, "task": GOOD.task, "action": GOOD.action, "result": GOOD.result}
        return codes(check_feedback([Note("Ownership", **{**fields, **parts})], ""))

    assert thin(task="Fix it.") == [("feedback-star-missing", "notes[Ownership].task")]
    assert thin(result="Launched on time.") == [("feedback-star-missing", "notes[Ownership].result")]
    assert thin(result="Saved $40k.") == thin(result="No downtime.") == thin(result="Cut it by half.") == []
    assert thin(task="Get them productive.") == []  # three words: enough for a task
    found = check_feedback([Note("Ownership", GOOD.situation, "Fix it.", GOOD.action, GOOD.result)], "")
    assert found[0].level is Level.WARNING and "too thin to count: 2 words, fewer than 3" in found[0].message


def test_no_example_when_only_the_team_acts_or_the_candidate_only_would() -> None:
    for action, says in [("We profiled the service and the team found the regression.", "`we` or the team"),
                         ("He would first look at the logs, then escalate.", "would or could do"),
                         ("She always puts the customer first and usually writes tests.", "usually does"),
                         ("She said the team did the work and she mostly coordinated.", "probably or mostly")]:
        found = check_feedback([Note("Ownership", GOOD.situation, GOOD.task, action, GOOD.result)], "")
        assert codes(found) == [("feedback-no-example", "notes[Ownership].action")], action
        assert says in found[0].message and words_at(action, found[0]) == action


def test_we_then_i_a_name_notes_style_and_quoted_speech_are_examples() -> None:
    for action in ["We were losing orders. Then I traced it to a race in the cart service.",
                   "Priya rewrote the retry logic herself.",
                   "Took heap dumps hourly; diffed them; fixed the cache eviction.",
                   "- pulled the crash reports\n- shipped a hotfix",
                   "He said: 'I called the partner the same day and sent a weekly status.'",
                   "I didn't wait for the vendor and switched to the backup provider."]:
        note = Note("Ownership", GOOD.situation, GOOD.task, action, GOOD.result)
        assert [c for c, _ in codes(check_feedback([note], ""))] == [], action


def test_weasel_words_and_interview_hedges_but_not_in_quotes_or_the_story() -> None:
    note = Note("Dive Deep", "The dashboard seemed fine but the queue was backing up.",
                "Find what kind of traffic caused it.",
                "I think maybe I raised it. She seemed to own the fix.", "Latency fell nearly 300 ms.")
    found = check_feedback([note], 'Inclined. She said "I was probably too blunt", kind of honest.')
    assert [(f.location.field, words_at(text, f)) for f, text in zip(
        found, [note.action, note.action, 'Inclined. She said "I was probably too blunt", kind of honest.'],
        strict=True)] == [("notes[Dive Deep].action", "I think maybe"), ("notes[Dive Deep].action", "seemed"),
                          ("vote_reason", "kind of")]
    assert all(f.code == "feedback-weasel-word" for f in found)


def test_opinions_about_the_person_with_the_suggestion_and_protected_traits_as_errors() -> None:
    reason = "Strongly inclined, seemed smart and a culture fit. I liked her. Heavy accent though."
    found = check_feedback([GOOD], reason)
    assert [(f.code, words_at(reason, f), f.level) for f in found] == [
        ("feedback-opinion", "seemed smart", Level.WARNING), ("feedback-opinion", "culture fit", Level.WARNING),
        ("feedback-opinion", "I liked her", Level.WARNING), ("feedback-opinion", "Heavy accent", Level.ERROR)]
    assert all("what the candidate said or did" in (f.suggestion or "") for f in found)
    assert "age, accent, appearance or family" in found[-1].message


def test_opinion_words_about_things_or_in_the_candidates_quotes_are_not_opinions() -> None:
    note = Note("Customer Obsession", "Customers called it \"a smart idea but too hard to set up\".",
                "Pick the store for the order data.",
                "I said Postgres was a good fit for the workload and built a smart cache.",
                "A sharp drop in latency: 300 ms to 120 ms.")
    assert check_feedback([note], "Inclined. The team seemed nervous before her fix.") == []


def test_any_object_with_the_five_attributes_is_a_note_and_fields_name_the_principle() -> None:
    record: Any = SimpleNamespace(principle="", situation="", task="Fix it.", action="We fixed it.", result="Done.")
    assert isinstance(record, StarLike)
    fields = {f.location.field for f in check_feedback([GOOD, record], "")}
    assert fields == {"notes[#2].situation", "notes[#2].task", "notes[#2].action", "notes[#2].result"}
    twice = check_feedback([GOOD, Note("Ownership", "", GOOD.task, GOOD.action, GOOD.result)], "")
    assert codes(twice) == [("feedback-star-missing", "notes[#2].situation")]  # a principle used twice


def test_the_workspace_switches_a_rule_off_adds_and_allows_words() -> None:
    reason = "Inclined. Superb human, seemed sharp, kind of vague on results."
    assert {f.code for f in check_feedback([GOOD], reason)} == {"feedback-opinion", "feedback-weasel-word"}
    assert {f.code for f in check_feedback([GOOD], reason, settings={"feedback-opinion": "off"})} == {
        "feedback-weasel-word"}
    added = check_feedback([GOOD], reason, settings={"feedback-opinion": {"extra_phrases": ["superb human"]},
                                                     "feedback-weasel-word": {"allow": ["kind of"]}})
    assert [words_at(reason, f) for f in added] == ["Superb human", "seemed sharp"]
    own = check_feedback([GOOD], "Seemed like a superb human.",
                         settings={"feedback-opinion": {"extra_phrases": ["like a superb human"]}})
    assert [f.code for f in own] == ["feedback-weasel-word", "feedback-opinion"]  # not one opinion
    own = check_feedback([GOOD], "Seemed a superb human.",
                         settings={"feedback-opinion": {"extra_phrases": ["seemed a superb human"]}})
    assert [f.code for f in own] == ["feedback-opinion"]  # the hedge is the opinion's, said once
    thin = check_feedback([Note("Ownership", GOOD.situation, "Fix the build now.", GOOD.action, GOOD.result)], "",
                          settings={"feedback-star-missing": {"min_words": 5}})
    assert codes(thin) == [("feedback-star-missing", "notes[Ownership].task")]


def test_a_bad_feedback_setting_is_a_finding_and_document_settings_are_not_read() -> None:
    found = check_feedback([GOOD], "", settings={"feedback-star-missing": {"min_words": "four"},
                                                 "feedback-opnion": "off", "passive-voice": {"min_share": 7}})
    assert [(f.code, f.location.field) for f in found] == [
        ("check-config", "checks.feedback-star-missing.min_words"), ("check-config", "checks.feedback-opnion")]
    assert "did you mean `feedback-opinion`?" in (found[1].suggestion or "")


def test_documents_accept_the_feedback_rules_settings_and_never_run_them() -> None:
    body = "# Plan\n\nShe seemed smart and a culture fit. We sell tea to 40 families in Tacoma.\n"
    result = check_markdown(body, doc_type="narrative", settings={"feedback-opinion": {"extra_phrases": ["tea"]}})
    assert not [f for f in result.findings if f.code == "check-config" or f.code.startswith("feedback-")]


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200) | st.sampled_from(
    ["", " ", "n/a", "\ufeffI rewrote it.\r\nWe shipped.", "'unclosed \"quote", "---\na: 1\n---\nI did",
     "    code block", "# heading\n\nseemed smart", "C: 'I'd have'", "x" * 300])
NOTES = st.lists(st.builds(Note, TEXT, TEXT, TEXT, TEXT, TEXT), max_size=3)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTES, TEXT)
def test_any_text_is_checked_and_every_finding_points_inside_its_field(notes: list[Note], reason: str) -> None:
    found = check_feedback(notes, reason)
    texts = {"vote_reason": reason}
    for index, note in enumerate(notes, start=1):
        key = note.principle.strip()
        while not key or f"notes[{key}].task" in texts:
            key = f"#{index}" if key != f"#{index}" else f"{key}#"
        for part in ("situation", "task", "action", "result"):
            texts[f"notes[{key}].{part}"] = getattr(note, part)
    for f in found:
        assert f.location.field in texts, f
        loc = f.location
        if loc.line is None:
            continue
        doc = Doc(texts[loc.field], doc_type="feedback")
        assert loc.column and loc.end_line and loc.end_column
        start = doc.line_offset(loc.line) + loc.column - 1
        end = doc.line_offset(loc.end_line) + loc.end_column - 1
        assert 0 <= start < end <= len(doc.source), f
        assert doc.position(start) == (loc.line, loc.column)


def test_an_admin_sets_the_feedback_rules_with_the_workspaces_writing_rules(api_as: Any, ws: Any) -> None:
    """The same settings page and API as for documents: a feedback rule is known, a misspelt one
    is refused with a "did you mean", and the stored settings reach check_feedback."""
    from dayone.documents import checking

    admin = api_as("admin")
    bad = admin.put("/api/v1/checks/settings", json={"feedback-opnion": "off"})
    assert bad.status_code == 422 and "did you mean `feedback-opinion`" in str(bad.json())
    bad = admin.put("/api/v1/checks/settings", json={"feedback-star-missing": {"min_words": 0}})
    assert bad.status_code == 422 and "a whole number from 1 to 100" in str(bad.json())
    saved = admin.put("/api/v1/checks/settings", json={"feedback-opinion": {"extra_phrases": ["superb human"]}})
    assert saved.status_code == 200
    with ws.session() as session:
        stored = checking.check_settings(session)
    assert [f.code for f in check_feedback([GOOD], "Superb human.", settings=stored)] == ["feedback-opinion"]
