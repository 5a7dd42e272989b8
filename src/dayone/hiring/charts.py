"""Calibration charts as SVG drawn on the server, like the WBR's (wbr/charts.py): presentation
attributes only, no inline style or script, so the page keeps its strict Content-Security-Policy.

One row per person: a bar of their sealed votes split into agreed (green) and disagreed (red)
with the outcome, and beside it their lone dissents, vote changes, late feedback and median time
to decision; a second chart shows each Bar Raiser's decided loops with the vetoes in red."""

from __future__ import annotations

from html import escape

from dayone.hiring.calibration import Row
from dayone.wbr.charts import STYLE as WBR_STYLE

WIDTH, ROW, PAD_LEFT, PAD_TOP, BAR_W = 640, 26, 150, 22, 200
AGREE, DISAGREE, NEUTRAL = "#1e6b34", "#b3261e", "#c9d1dc"
TEXT = WBR_STYLE["text"]


def _name(name: str) -> str:
    return escape(name if len(name) <= 22 else name[:21] + "…")


def _open(cls: str, height: int, label: str) -> list[str]:
    return [f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>']


def _hours(h: float | None) -> str:
    if h is None:
        return "—"
    return f"{h:.0f} h" if h < 72 else f"{h / 24:.1f} d"


def interviewer_chart(rows: list[Row]) -> str:
    """Votes against outcomes per interviewer, with lone dissents, vote changes, late feedback and
    the median time from the last interview to the decision."""
    shown = [r for r in rows if r.votes or r.submitted]
    height = PAD_TOP + ROW * max(len(shown), 1) + 8
    most = max((r.votes for r in shown), default=1) or 1
    out = _open("calibration-chart interviewers", height, "Interviewers: sealed votes against outcomes")
    out.append(f'<text {TEXT} x="{PAD_LEFT}" y="12">votes: agreed with the outcome / disagreed</text>')
    out.append(f'<text {TEXT} x="{PAD_LEFT + BAR_W + 12}" y="12">lone · changed · late · to decision</text>')
    for i, r in enumerate(shown):
        y = PAD_TOP + ROW * i
        out.append(f'<g class="person" data-person="{r.person_id}" data-agreed="{r.agreed}" '
                   f'data-disagreed="{r.disagreed}">')
        out.append(f'<title>{escape(r.name)}: {r.agreed} of {r.votes} sealed votes agreed with the outcome; '
                   f'{r.lone_dissents} lone dissent(s), {r.vote_changes} vote change(s), {r.late} of {r.submitted} '
                   f'late, median {_hours(r.median_hours)} to decision</title>')
        out.append(f'<text {TEXT} text-anchor="end" x="{PAD_LEFT - 8}" y="{y + 13}">{_name(r.name)}</text>')
        agreed_w = BAR_W * r.agreed / most
        disagreed_w = BAR_W * r.disagreed / most
        if not r.votes:
            out.append(f'<rect fill="{NEUTRAL}" x="{PAD_LEFT}" y="{y + 4}" width="2" height="14"/>')
        out.append(f'<rect class="agreed" fill="{AGREE}" x="{PAD_LEFT}" y="{y + 4}" width="{agreed_w:.1f}" '
                   'height="14"/>')
        out.append(f'<rect class="disagreed" fill="{DISAGREE}" x="{PAD_LEFT + agreed_w:.1f}" y="{y + 4}" '
                   f'width="{disagreed_w:.1f}" height="14"/>')
        out.append(f'<text {TEXT} x="{PAD_LEFT + agreed_w + disagreed_w + 4:.1f}" y="{y + 15}">'
                   f'{r.agreed}/{r.disagreed}</text>')
        out.append(f'<text {TEXT} x="{PAD_LEFT + BAR_W + 40}" y="{y + 15}">{r.lone_dissents} · {r.vote_changes} · '
                   f'{r.late}/{r.submitted} · {_hours(r.median_hours)}</text></g>')
    if not shown:
        out.append(f'<text {TEXT} x="{PAD_LEFT}" y="{PAD_TOP + 13}">No decided loop yet.</text>')
    out.append("</svg>")
    return "".join(out)


def bar_raiser_chart(rows: list[Row]) -> str:
    """Decided loops per Bar Raiser, the vetoes among them in red, and the median time to decision."""
    shown = [r for r in rows if r.raised]
    height = PAD_TOP + ROW * max(len(shown), 1) + 8
    most = max((r.raised for r in shown), default=1) or 1
    out = _open("calibration-chart bar-raisers", height, "Bar Raisers: decided loops and vetoes")
    out.append(f'<text {TEXT} x="{PAD_LEFT}" y="12">decided loops (vetoes in red)</text>')
    out.append(f'<text {TEXT} x="{PAD_LEFT + BAR_W + 12}" y="12">vetoes · to decision</text>')
    for i, r in enumerate(shown):
        y = PAD_TOP + ROW * i
        kept_w, veto_w = BAR_W * (r.raised - r.vetoes) / most, BAR_W * r.vetoes / most
        out.append(f'<g class="raiser" data-person="{r.person_id}" data-raised="{r.raised}" data-vetoes="{r.vetoes}">'
                   f'<title>{escape(r.name)}: Bar Raiser on {r.raised} decided loop(s), {r.vetoes} veto(es), median '
                   f'{_hours(r.raised_median_hours)} to decision</title>')
        out.append(f'<text {TEXT} text-anchor="end" x="{PAD_LEFT - 8}" y="{y + 13}">{_name(r.name)}</text>')
        out.append(f'<rect fill="{NEUTRAL}" x="{PAD_LEFT}" y="{y + 4}" width="{kept_w:.1f}" height="14"/>')
        out.append(f'<rect class="vetoes" fill="{DISAGREE}" x="{PAD_LEFT + kept_w:.1f}" y="{y + 4}" '
                   f'width="{veto_w:.1f}" height="14"/>')
        out.append(f'<text {TEXT} x="{PAD_LEFT + BAR_W + 40}" y="{y + 15}">{r.vetoes} · '
                   f'{_hours(r.raised_median_hours)}</text></g>')
    if not shown:
        out.append(f'<text {TEXT} x="{PAD_LEFT}" y="{PAD_TOP + 13}">No decided loop yet.</text>')
    out.append("</svg>")
    return "".join(out)
