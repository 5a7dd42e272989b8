"""Templates, shared by every mechanism's pages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from dayone import __version__, timezones
from dayone.web.field_errors import field_message
from dayone.web.forms import csrf_token

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals["version"] = __version__
TEMPLATES.env.globals["field_message"] = field_message
TEMPLATES.env.auto_reload = False  # templates ship in the package; no stat() per render

STYLES = {"date": "%Y-%m-%d", "minute": "%Y-%m-%d %H:%M %Z", "second": "%Y-%m-%d %H:%M:%S %Z",
          "day": "%a %d %b", "time": "%H:%M %Z"}


@pass_context
def localtime(context: Context, value: datetime | date | str | None, style: str = "minute") -> Markup:
    """Every time a page shows, in the reader's time zone: ``{{ review.scheduled_for|localtime }}``
    → ``<time datetime="2027-03-03T09:00:00Z">2027-03-03 10:00 CET</time>``. Styles: minute
    (the default), second, date, day (Wed 03 Mar), time. A stored instant must be aware (UTC);
    ISO text is read as such; a plain date is shown as it is (a day has no zone)."""
    if value is None or value == "":
        return Markup("")
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, datetime):
        return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), value.strftime(
            STYLES["date" if style in ("minute", "second", "time") else style]))
    actor = context.get("actor")
    where = timezones.zone(getattr(actor, "time_zone", None))
    shown = timezones.local(value, where).strftime(STYLES.get(style, STYLES["minute"]))
    machine = value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return Markup('<time datetime="{}">{}</time>').format(machine, escape(shown))


TEMPLATES.env.filters["localtime"] = localtime


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    ctx = {"csrf_token": csrf_token(request), "actor": getattr(request.state, "actor", None)}
    ctx.update(context or {})
    return TEMPLATES.TemplateResponse(request, template, ctx, status_code=status_code)
