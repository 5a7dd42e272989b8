"""The WBR deck as one self-contained HTML document (no network needed to view it),
and the same document laid out as a PDF. Inputs come before the outputs they drive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from dayone.metrics.spec import MetricsFile
from dayone.wbr import charts, formatting

_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(["html"]), auto_reload=False)
_ENV.globals.update(value=formatting.value, change=formatting.change, tone=formatting.tone,
                    title=formatting.title, dash=formatting.DASH)


def ordered_sections(spec: MetricsFile) -> list[tuple[str, list[str]]]:
    """The deck's sections, each with inputs moved ahead of the outputs they drive."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for item in spec.deck:
        if item.kind == "section":
            sections.append((item.value, []))
        else:
            sections[-1][1].append(item.value)
    out = []
    for name, metrics in sections:
        if not metrics:
            continue
        ordered: list[str] = []
        for metric in metrics:
            if metric in ordered:
                continue
            drivers = [m for m in metrics if metric in spec.metrics[m].drives and m not in ordered]
            ordered += [*drivers, metric]
        out.append((name, ordered))
    return out


def render_html(deck: dict[str, Any], spec: MetricsFile, *, title: str = "Weekly Business Review",
                notes: dict[str, dict[str, str]] | None = None, form: dict[str, Any] | None = None) -> str:
    """``notes``: metric → {author, body}; ``form``: on the web page, the CSRF token and the
    metrics whose notes this reader may write."""
    sections = []
    for name, metrics in ordered_sections(spec):
        items = []
        for metric in metrics:
            report = deck["metrics"][metric]
            items.append({"name": metric, "report": report, "chart": charts.six_twelve(metric, report,
                                                                                         formatting.title(metric)),
                          "drives": spec.metrics[metric].drives})
        sections.append({"name": name, "items": items})
    flagged = [m for m, r in deck["metrics"].items() if r["anomaly"]]
    return _ENV.get_template("deck.html").render(deck=deck, sections=sections, flagged=flagged, deck_title=title,
                                                 notes=notes or {}, form=form)


def render_pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()  # type: ignore[no-any-return]
