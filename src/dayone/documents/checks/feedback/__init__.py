"""The writing checker's rules for interview feedback (docs/writing-checker.md, *Feedback rules*).

``check_feedback(notes, vote_reason, settings=...)`` is the entry point: ``notes`` are one
principle's STAR notes each (any :class:`StarLike`), and each finding's ``location.field``
names the part it is about (``notes[Ownership].action``, ``vote_reason``).
"""

from dayone.documents.checks.feedback.checker import FEEDBACK_RULES, check_feedback
from dayone.documents.checks.feedback.parts import Note, StarLike

__all__ = ["FEEDBACK_RULES", "Note", "StarLike", "check_feedback"]
