"""The kinds of agenda item a person chooses a delivery for, and what each gets by default."""

from __future__ import annotations

from enum import StrEnum


class Delivery(StrEnum):
    IMMEDIATE = "immediate"  # a message when the item arrives
    DIGEST = "digest"  # listed in the daily digest
    OFF = "off"  # never mailed


# kind -> (what the person reads on /account, the default delivery)
KINDS: dict[str, tuple[str, Delivery]] = {
    "review-invitation": ("A review you are invited to (with a calendar invitation)", Delivery.IMMEDIATE),
    "review-reading": ("A silent reading under way", Delivery.IMMEDIATE),
    "review-start": ("A review of yours to start", Delivery.DIGEST),
    "review-outcome": ("A review outcome to record", Delivery.DIGEST),
    "wbr-note": ("A flag on your metric: a note to write for the WBR", Delivery.IMMEDIATE),
    "decision-approval": ("A decision that asks your approval", Delivery.IMMEDIATE),
    "decision-escalation": ("A decision escalated to you", Delivery.IMMEDIATE),
    "decision-decide": ("A decision of yours to decide", Delivery.DIGEST),
    "decision-revisit": ("A decision of yours to revisit", Delivery.DIGEST),
    "mechanism-due": ("A mechanism of yours that is due", Delivery.DIGEST),
    "mechanism-lapsed": ("A mechanism of yours that lapsed", Delivery.DIGEST),
    "experiment-due": ("An experiment of yours past its planned duration", Delivery.DIGEST),
}


def default(kind: str) -> Delivery:
    """The delivery of a kind nobody chose for: its default, else the digest (a new kind a
    mechanism adds is never silently dropped, nor mailed one by one unasked)."""
    return KINDS[kind][1] if kind in KINDS else Delivery.DIGEST
