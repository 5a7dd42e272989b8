"""The writing checker: one rule per module, each yielding Findings.

``check_markdown(text)`` is the library entry point; docs/writing-checker.md lists
every rule and what it does and does not flag.
"""

from dayone.documents.checks.engine import CheckResult, check_markdown

__all__ = ["CheckResult", "check_markdown"]
