"""Notification preferences in and out: one typed value for /account and the API."""

from __future__ import annotations

from pydantic import BaseModel, Field

from dayone.notify.kinds import KINDS, Delivery


class KindOut(BaseModel):
    kind: str = Field(description="The agenda item's kind (as in GET /api/v1/me/agenda).")
    label: str = Field(description="What the kind is, in words.")
    delivery: Delivery = Field(description="immediate: a message when it arrives; digest: in the daily "
                               "digest; off: never mailed.")


class NotificationsOut(BaseModel):
    email: str = Field(description="Where the messages go.")
    email_configured: bool = Field(description="Whether the workspace can send email (an SMTP server is set).")
    kinds: list[KindOut]

    @classmethod
    def of(cls, email: str, configured: bool, chosen: dict[str, Delivery]) -> NotificationsOut:
        return cls(email=email, email_configured=configured,
                   kinds=[KindOut(kind=k, label=KINDS[k][0], delivery=d) for k, d in chosen.items()])


class NotificationsIn(BaseModel):
    deliveries: dict[str, str] = Field(description='The kinds to change and their delivery, e.g. '
                                       '{"review-invitation": "immediate", "mechanism-due": "off"}.')
