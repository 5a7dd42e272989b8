"""The WBR deck as one self-contained HTML document (no network needed to view it),
and the same document laid out as a PDF. Inputs come before the outputs they drive.

The deck is drawn from two JSON-able parts: the numbers (the contract of docs/wbr-semantics.md)
and the layout (sections, metric cards, WBR App blocks), so that a snapshot of an earlier week
renders exactly as it was without its metrics file.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from dayone.metrics.report import LISTED_RUNS
from dayone.metrics.spec import MetricsFile
from dayone.wbr import charts, formatting, pdf

STATIC = Path(__file__).parent / "static"  # served at /static/wbr/ by the web app
DECK_CSS = (STATIC / "deck.css").read_text()
PRINT_CSS = (STATIC / "deck-print.css").read_text()  # the PDF's: a few plain rules, no screen ones
_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(["html"]), auto_reload=False)
_ENV.globals.update(value=formatting.value, change=formatting.change, tone=formatting.tone,
                    title=formatting.title, dash=formatting.DASH, scaled=formatting.scaled)


def slug(name: object) -> str:
    """A metric's or block's name as an HTML id (``metric-…``, ``note-…``, ``block-…``)."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in str(name))


_ENV.filters["slug"] = slug
SUMMARY_HEADERS = ("Last week", "WoW", "YoY", "MTD", "YoY", "QTD", "YoY", "YTD", "YoY")


def ordered_sections(spec: MetricsFile) -> list[tuple[str, list[str]]]:
    """The deck's sections with their metric cards, inputs moved ahead of the outputs they drive."""
    return [(s["name"], [i["name"] for i in s["items"] if i["kind"] == "metric"])
            for s in layout(spec)["sections"] if any(i["kind"] == "metric" for i in s["items"])]


def layout(spec: MetricsFile) -> dict[str, Any]:
    """What the deck shows and in which order, as plain data (stored with snapshots)."""
    sections: list[dict[str, Any]] = [{"name": "", "items": []}]
    for item in spec.deck:
        if item.kind == "section":
            sections.append({"name": item.value, "items": []})
        elif item.kind == "metric":
            sections[-1]["items"].append({"kind": "metric", "name": item.value,
                                          "drives": list(spec.metrics[item.value].drives)})
        elif item.kind == "chart":
            sections[-1]["items"].append({
                "kind": "chart", "title": item.value, "y_scaling": item.y_scaling, "monthly": item.monthly,
                "lines": [{"metric": ln.metric, "series": ln.series, "style": ln.style, "prior_year": ln.prior_year,
                           "legend": ln.legend} for ln in item.lines]})
        elif item.kind in ("weeks_table", "months_table"):
            sections[-1]["items"].append({
                "kind": item.kind, "title": item.value, "monthly": item.monthly,
                "rows": [{"header": r.header, "metric": r.metric, "series": r.series, "style": r.style,
                          "y_scaling": r.y_scaling} for r in item.rows]})
        else:
            sections[-1]["items"].append({"kind": "embed", "title": item.value, "source": item.source,
                                          "width": item.width, "height": item.height})
    for section in sections:  # drivers first: an input card moves ahead of the outputs it drives
        cards = [i for i in section["items"] if i["kind"] == "metric"]
        ordered: list[dict[str, Any]] = []
        for card in cards:
            if card in ordered:
                continue
            ordered += [d for d in cards if card["name"] in d["drives"] and d not in ordered] + [card]
        cards_iter = iter(ordered)
        section["items"] = [next(cards_iter) if i["kind"] == "metric" else i for i in section["items"]]
    return {"title": spec.title, "sections": [s for s in sections if s["items"]],
            "annotations": list(spec.annotations)}


def _months_by_key(report: dict[str, Any]) -> dict[str, float | None]:
    """Every month whose value the report knows: the trailing twelve and their prior years."""
    known: dict[str, float | None] = {}
    for m in report["months"]:
        year, month = int(m["month"][:4]), m["month"][5:]
        known.setdefault(f"{year - 1}-{month}", m["py_value"])
        known[m["month"]] = m["value"]
    return known


def fiscal_months(deck: dict[str, Any]) -> list[str]:
    """The twelve months of the fiscal year the as-of week falls in, as YYYY-MM."""
    as_of, last = date.fromisoformat(deck["week_ending"]), deck["fiscal_year_end_month"]
    end_year = as_of.year if as_of.month <= last else as_of.year + 1
    first = end_year * 12 + last - 12  # months since year 0 of the fiscal year's first month
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(first, first + 12)]


def series_values(report: dict[str, Any], series: str, months: list[str] | None) -> tuple[list[Any], list[Any]]:
    """A metric's (weeks, months) values for one series; ``months`` picks fiscal-year months."""
    weeks = [w.get(series) for w in report["weeks"]]
    if months is None:
        return weeks, [m.get(series) for m in report["months"]]
    if series != "value":
        by_key = {m["month"]: m.get(series) for m in report["months"]}
        return weeks, [by_key.get(k) for k in months]
    known = _months_by_key(report)
    return weeks, [known.get(k) for k in months]


def prior_values(report: dict[str, Any], months: list[str] | None) -> tuple[list[Any], list[Any]]:
    weeks = [w["py_value"] for w in report["weeks"]]
    if months is None:
        return weeks, [m["py_value"] for m in report["months"]]
    known = _months_by_key(report)
    return weeks, [known.get(f"{int(k[:4]) - 1}{k[4:]}") for k in months]


def _missing(listed: list[str]) -> str:
    """Missing days as the deck names them: ISO dates, runs as "from to"."""
    shown = [r.replace("/", " to ") for r in listed[:LISTED_RUNS]]
    return ", ".join(shown) + (f" and {len(listed) - LISTED_RUNS} more" if len(listed) > LISTED_RUNS else "")


def value_cell(item: dict[str, Any], key: str, fmt: str) -> Markup:
    """A value's cell: an incomplete one marked (*) with its missing days as a tooltip, a
    missing one ("—") with its reason."""
    number = item.get(key)
    text = escape(formatting.value(number, fmt))
    prefix = "py_" if key == "py_value" else ""
    if number is not None and item.get(prefix + "complete") is False:
        tip = escape("No data on " + _missing(item.get(prefix + "missing_dates") or []))
        return Markup(f'<td class="incomplete" title="{tip}">{text}</td>')
    reason = (item.get("reasons") or {}).get(key) if number is None else None
    return Markup(f'<td title="{escape(reason)}">{text}</td>' if reason else f"<td>{text}</td>")


def change_cell(item: dict[str, Any], key: str, comparison: str, fmt: str, direction: str, colspan: int = 1
                ) -> Markup:
    """A change's cell, toned by the metric's direction: withheld ("—") with its reason, or
    marked (*) when a period it compares is incomplete."""
    number = item.get(key)
    css, tip = formatting.tone(number, direction), None
    if number is None:
        tip = (item.get("reasons") or {}).get(key)
    elif item.get("complete") is False or (key == "yoy" and item.get("py_complete") is False):
        css, tip = css + " incomplete", "Computed over an incomplete period"
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    title = f' title="{escape(tip)}"' if tip else ""
    return Markup(f'<td class="{css}"{span}{title}>{escape(formatting.change(number, comparison, fmt))}</td>')


def gaps(r: dict[str, Any]) -> list[str]:
    """The incomplete periods a metric card shows a value for, each with its missing days: the
    footnote that says in print what the tooltips say on screen."""
    out: list[str] = []

    def note(label: str, item: dict[str, Any], prefix: str, withheld: str | None) -> None:
        if item.get(prefix + "value") is not None and item.get(prefix + "complete") is False:
            why = " (the YoY is not shown)" if withheld and item.get(withheld) is None else ""
            out.append(f"{label}: no data on {_missing(item.get(prefix + 'missing_dates') or [])}{why}.")

    for w in r["weeks"]:
        note(f"Week ending {w['end']}", w, "", None)
        note(f"Week ending {w['end']}, last year's week", w, "py_", "yoy")
    for m in r["months"]:
        note(m["month"], m, "", None)
        note(f"{m['month']}, the same month last year", m, "py_", "yoy")
    for key in ("mtd", "qtd", "ytd"):
        item = r["summary"][key]
        note(key.upper(), item, "", None)
        note(f"Last year's {key.upper()}", item, "py_", "yoy")
    return out


def block_gaps(deck: dict[str, Any], names: list[str]) -> list[str]:
    """The footnotes of a chart or table block (WBR App decks): each metric's incomplete periods
    and, for a metric without numbers, why."""
    out = []
    for name in names:
        report = deck["metrics"][name]
        if report.get("problem"):
            out.append(f"{formatting.title(name)}: no numbers. {report['problem']}"
                       + (f" {report['problem_detail']}" if report.get("problem_detail") else ""))
        out += [f"{formatting.title(name)}, {line[0].lower()}{line[1:]}" for line in gaps(report)]
    return out


_ENV.globals.update(value_cell=value_cell, change_cell=change_cell, gaps=gaps)


def _tables(r: dict[str, Any]) -> str:
    """A metric card's six-week and twelve-month tables: built here rather than in the template,
    since a 500-metric deck has 20,000 of these cells."""
    fmt, cmp, direction = r["format"], r["comparison"], r["direction"]
    value, change, tone = formatting.value, formatting.change, formatting.tone

    def row(label: str, cells: list[str]) -> str:
        return f"<tr><td>{label}</td>{''.join(cells)}</tr>"

    # the usual cell (a value of a whole period; a change between two) written here, the rest by
    # value_cell and change_cell: 20,000 cells
    def values(rows: list[dict[str, Any]], key: str) -> list[str]:
        whole = "py_complete" if key == "py_value" else "complete"
        return [f"<td>{escape(value(x[key], fmt))}</td>" if x[key] is not None and x.get(whole) is not False
                else value_cell(x, key, fmt) for x in rows]

    def changes(rows: list[dict[str, Any]], key: str) -> list[str]:
        return [f'<td class="{tone(x[key], direction)}">{escape(change(x[key], cmp, fmt))}</td>'
                if x[key] is not None and x.get("complete") is not False
                and (key != "yoy" or x.get("py_complete") is not False) else
                change_cell(x, key, cmp, fmt, direction) for x in rows]

    weeks, months = r["weeks"], r["months"]
    week_table = (
        '<table class="weeks"><tr><th>Week ending</th>' + "".join(f"<th>{w['end'][5:]}</th>" for w in weeks) + "</tr>\n"
        + "        " + row("This year", values(weeks, "value")) + "\n"
        + "        " + row("Last year", values(weeks, "py_value")) + "\n"
        + "        " + row("WoW", changes(weeks, "wow")) + "\n"
        + "        " + row("YoY", changes(weeks, "yoy")) + "</table>")
    month_table = (
        '<table class="months"><tr><th>Month</th>' + "".join(f"<th>{m['month'][2:]}</th>" for m in months) + "</tr>\n"
        + "        " + row("This year", values(months, "value")) + "\n"
        + "        " + row("Last year", values(months, "py_value")) + "\n"
        + "        " + row("YoY", changes(months, "yoy")) + "</table>")
    return week_table + "\n      " + month_table


_SVG_CLASS = re.compile(r'<svg class="([\w-]+)"')
_SVG_LABEL = re.compile(r'aria-label="([^"]*)"')
_SVG_TITLE = re.compile(r"<title>[^<]*</title>")


def as_image(svg: str) -> Markup:
    """A chart for print: the same SVG as one ``<img>`` (a data: URI). WeasyPrint then lays it out
    as a single replaced element instead of parsing, styling and boxing each of its ~150 elements
    with the page's; it draws the image with the same SVG renderer, so it looks the same. The
    hover titles go: a PDF cannot show them."""
    kind, label = _SVG_CLASS.search(svg), _SVG_LABEL.search(svg)
    source = quote(_SVG_TITLE.sub("", svg), safe=" =:/,.'()-;!")
    return Markup(f'<img class="{kind.group(1) if kind else "chart"}" alt="{label.group(1) if label else ""}" '
                  f'src="data:image/svg+xml,{source}">')


def _chart_block(deck: dict[str, Any], block: dict[str, Any], for_print: bool = False) -> dict[str, Any]:
    months = fiscal_months(deck) if block["monthly"] == "fiscal_year" else None
    reports = deck["metrics"]
    lines = []
    for line in block["lines"]:
        report = reports[line["metric"]]
        style = {"primary": "cy", "target": "target"}.get(line["style"], line["style"])
        weeks, month_values = series_values(report, line["series"], months)
        if line["prior_year"] and line["series"] == "value" and style != "target":
            py_weeks, py_months = prior_values(report, months)
            lines.append({"style": "py" if style == "cy" else f"{style}-py", "weeks": py_weeks, "months": py_months})
        lines.append({"style": style, "weeks": weeks, "months": month_values})
    first = reports[block["lines"][0]["metric"]]
    ticks = list(months) if months else [m["month"] for m in first["months"]]
    svg = charts.draw(block["title"], [w["end"] for w in first["weeks"]], ticks, lines,
                      str(first.get("format") or ""), for_print=for_print)
    summary = [line for line in block["lines"] if line["style"] != "target" and line["series"] == "value"]
    names = list(dict.fromkeys(line["metric"] for line in block["lines"]))
    return {**block, "chart": svg, "legend": charts.legend(lines) if for_print else "", "summary": summary,
            "metrics": names, "gaps": block_gaps(deck, names)}


def _table_block(deck: dict[str, Any], block: dict[str, Any]) -> dict[str, Any]:
    reports = deck["metrics"]
    first = next((reports[r["metric"]] for r in block["rows"] if r["metric"]), None)
    months = fiscal_months(deck) if block["monthly"] == "fiscal_year" else None
    if block["kind"] == "weeks_table":
        headers = [w["end"][5:] for w in first["weeks"]] + ["QTD", "YTD"] if first else []
    else:
        headers = [m[2:] for m in months] if months else [m["month"][2:] for m in first["months"]] if first else []
    rows = []
    for row in block["rows"]:
        cells: list[str] = []
        if row["metric"]:
            report, series = reports[row["metric"]], row["series"]
            weeks, month_values = series_values(report, series, months)
            if block["kind"] == "weeks_table":
                todate = [None, None] if series == "wow" else [report["summary"][k].get(series) for k in ("qtd", "ytd")]
                numbers = weeks + todate
            else:
                numbers = month_values
            for n in numbers:
                if row["y_scaling"]:
                    cells.append(formatting.scaled(n, row["y_scaling"]))
                elif series == "value":
                    cells.append(formatting.value(n, report["format"]))
                else:
                    cells.append(formatting.change(n, report["comparison"], report["format"]))
        rows.append({**row, "cells": cells})
    metrics = list(dict.fromkeys(r["metric"] for r in block["rows"] if r["metric"]))
    return {**block, "headers": headers, "rows": rows, "metrics": metrics, "gaps": block_gaps(deck, metrics)}


def _events(deck: dict[str, Any], annotations: list[dict[str, str]], metrics: list[str]) -> list[dict[str, str]]:
    """Annotations on these metrics inside the six weeks shown, this year or last."""
    end = date.fromisoformat(deck["week_ending"])
    windows = [(end - timedelta(days=41), end), (end - timedelta(days=364 + 41), end - timedelta(days=364))]
    return [a for a in annotations if a["metric"] in metrics
            and any(lo <= date.fromisoformat(a["date"]) <= hi for lo, hi in windows)]


def _anchors(sections: list[dict[str, Any]]) -> dict[str, str]:
    """Where each metric is shown first: its card's id, else the id of the first block that
    shows it (the list of flagged metrics links there)."""
    slug = _ENV.filters["slug"]
    anchors: dict[str, str] = {}
    for section in sections:
        for item in section["items"]:
            if item["kind"] == "metric":
                anchors.setdefault(item["name"], f"metric-{slug(item['name'])}")
            elif item["kind"] != "embed":
                for name in item["metrics"]:
                    anchors.setdefault(name, f"block-{slug(item['title'])}")
    return anchors


def render_html(deck: dict[str, Any], spec: MetricsFile | None = None, *, title: str | None = None,
                notes: dict[str, dict[str, str]] | None = None, form: dict[str, Any] | None = None,
                stylesheet: str | None = None, fragment: bool = False, for_print: bool = False,
                experiments: dict[str, list[dict[str, Any]]] | None = None) -> str:
    """The deck from its numbers and its layout (``spec``'s, or the one stored in a snapshot).
    ``notes``: metric → {author, body}; ``form``: on the web page, the CSRF token and the metrics
    whose notes this reader may write; ``stylesheet``: on the web page, the URL of the deck's
    CSS (the page's Content-Security-Policy refuses inline styles); without it the CSS is
    inlined, so the file stands alone. ``fragment``: only the deck's own element (``<div
    class="deck">``), for a page of the app that links the stylesheet itself. ``for_print``: the
    document to give ``render_pdf``: the print stylesheet inlined and each chart an image, which
    WeasyPrint lays out several times faster than the screen's inline SVG and full stylesheet.
    ``experiments``: metric → the running experiments on it ({id, title}), shown beside the metric
    (the web page gives them in ``form``; the PDF names them, as a PDF cannot follow the page's links)."""
    running = experiments if experiments is not None else (form or {}).get("experiments") or {}
    shape = layout(spec) if spec is not None else deck["layout"]
    annotations = shape.get("annotations", [])
    sections = []
    for section in shape["sections"]:
        items = []
        for item in section["items"]:
            if item["kind"] == "metric":
                report = deck["metrics"][item["name"]]
                chart = charts.six_twelve(item["name"], report, formatting.title(item["name"]), for_print=for_print)
                items.append({**item, "report": report, "metrics": [item["name"]], "chart": chart,
                              "legend": charts.legend(charts.six_twelve_lines(report)) if for_print else "",
                              "tables": _tables(report),
                              "drivers": charts.drivers(report["drivers"], formatting.title(item["name"]))
                              if report.get("drivers") else ""})
            elif item["kind"] == "chart":
                items.append(_chart_block(deck, item, for_print))
            elif item["kind"] in ("weeks_table", "months_table"):
                items.append(_table_block(deck, item))
            else:
                items.append({**item, "metrics": []})
            if for_print:
                items[-1].update({key: as_image(items[-1][key]) for key in ("chart", "drivers")
                                  if items[-1].get(key)})
            items[-1]["events"] = _events(deck, annotations, items[-1]["metrics"])
        sections.append({"name": section["name"], "items": items})
    flagged = [m for m, r in deck["metrics"].items() if r["anomaly"]]
    return _ENV.get_template("deck.html").render(
        deck=deck, sections=sections, flagged=flagged, anchors=_anchors(sections), running=running,
        deck_title=title or shape.get("title") or
        "Weekly Business Review", notes=notes or {}, form=form, headers=SUMMARY_HEADERS,
        stylesheet=stylesheet, fragment=fragment, chunks=for_print and not fragment,
        deck_css="" if stylesheet is not None or fragment else PRINT_CSS if for_print else DECK_CSS)


def render_pdf(html: str) -> bytes:
    """The deck laid out for print, from ``render_html(..., for_print=True)`` (any deck HTML
    prints, the screen's several times slower): its sections in parallel, the last few PDFs
    kept, the same deck (same numbers, same notes) laid out once (see ``dayone.wbr.pdf``)."""
    return pdf.render(html)
