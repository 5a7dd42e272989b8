"""Sending email over SMTP with the standard library (smtplib, email.message.EmailMessage).

Blocking by nature: call it from the CLI or from a plain ``def`` route (FastAPI runs those in
its thread pool), never from the event loop. Every failure becomes ``MailError``, whose message
names the server and says what to check; a password never appears in it.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from dayone.errors import UserError
from dayone.settings import Settings


class MailError(UserError):
    """The SMTP server could not be reached or refused a message."""

    code = "mail_error"
    status = 502


class NotConfigured(UserError):
    code = "mail_not_configured"
    status = 409


def configured(settings: Settings) -> bool:
    """Whether an SMTP server is set (DAYONE_SMTP_HOST)."""
    return bool(settings.smtp_host)


def describe(settings: Settings) -> str:
    """The server in words, for the admin page and errors (never the password)."""
    if not settings.smtp_host:
        return "not configured (set DAYONE_SMTP_HOST)"
    who = f" as {settings.smtp_user}" if settings.smtp_user else ""
    return f"{settings.smtp_host}:{settings.smtp_port} ({settings.smtp_security}){who}"


def message(settings: Settings, to: str, subject: str, text: str,
            attachments: Sequence[tuple[str, str, bytes]] = ()) -> EmailMessage:
    """A plain-text message from DAYONE_SMTP_FROM; ``attachments`` are (filename, MIME type, bytes)."""
    mail = EmailMessage()
    mail["From"] = settings.smtp_from
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2].strip("> ") or "dayone")
    mail.set_content(text)
    for filename, mime, content in attachments:
        maintype, _, subtype = mime.partition("/")
        params = {"method": _ics_method(content)} if subtype == "calendar" else {}
        mail.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename, params=params)
    return mail


def _ics_method(content: bytes) -> str:
    for line in content.splitlines():
        if line.startswith(b"METHOD:"):
            return line.removeprefix(b"METHOD:").decode("ascii", "replace").strip()
    return "PUBLISH"


@contextmanager
def connection(settings: Settings) -> Iterator[smtplib.SMTP]:
    """An open, authenticated SMTP connection; MailError when the server cannot be used."""
    if not settings.smtp_host:
        raise NotConfigured("Email is not configured: set DAYONE_SMTP_HOST (and DAYONE_SMTP_PORT, "
                            "DAYONE_SMTP_SECURITY, DAYONE_SMTP_USER, DAYONE_SMTP_PASSWORD); see docs/settings.md.")
    where = describe(settings)
    try:
        smtp: smtplib.SMTP
        if settings.smtp_security == "ssl":
            smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds,
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds)
            if settings.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
    except smtplib.SMTPAuthenticationError:
        raise MailError(f"The SMTP server {where} refused the user name or password: "
                        "check DAYONE_SMTP_USER and DAYONE_SMTP_PASSWORD.") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"Could not use the SMTP server {where}: {_reason(exc)}. Check DAYONE_SMTP_HOST, "
                        "DAYONE_SMTP_PORT and DAYONE_SMTP_SECURITY, and that the server is up.") from None
    try:
        yield smtp
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def send(smtp: smtplib.SMTP, settings: Settings, mail: EmailMessage) -> None:
    """Send one message on an open connection; MailError when the server refuses it."""
    try:
        smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"The SMTP server {describe(settings)} did not take the message to {mail['To']}: "
                        f"{_reason(exc)}.") from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        said = exc.smtp_error
        return f"{exc.smtp_code} {said.decode('utf-8', 'replace') if isinstance(said, bytes) else said}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        said = "; ".join(f"{code} {answer.decode('utf-8', 'replace')}" for code, answer in exc.recipients.values())
        return f"recipient refused ({said})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (nothing listens there)"
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    return str(exc) or type(exc).__name__
