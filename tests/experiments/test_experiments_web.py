"""The experiment pages through the HTTP client: design from the form, upload statistics, read the
result (the sample-ratio check first, the primary metric, guardrails, the chart), decide."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from fastapi.testclient import TestClient

from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.conftest import People
from tests.experiments.conftest import STATS
from tests.helpers import csrf_of, sign_in

FORM = {"title": "Bigger buy button", "hypothesis": "Easier to find.", "variants": "control = 50%\ntreatment = 50%",
        "primary_metric": "conversion", "guardrails": "page_load_ms up", "minimum_effect": "2", "engine": "frequentist",
        "planned_days": "14", "baseline_mean": "0.1", "compute_sample_size": "on"}
# the units were meant to split 50/50 but split 10,000 / 9,000: a sample-ratio mismatch
SRM = ("variant,metric,n,sum,sum_squares\ncontrol,conversion,10000,1000,1000\ntreatment,conversion,9000,990,990\n"
       "control,page_load_ms,10000,8500000,7300000000\ntreatment,page_load_ms,9000,7650000,6570000000\n")


def _member(ws: Workspace, people: People) -> tuple[TestClient, str]:
    client = sign_in(TestClient(create_app(ws)), people.member)
    return client, csrf_of(client, "/experiments/new")


def _design(client: TestClient, csrf: str, **fields: str) -> int:
    made = client.post("/experiments/new", data={**FORM, **fields, "csrf_token": csrf}, follow_redirects=False)
    assert made.status_code == 303, made.text
    return int(made.headers["location"].rsplit("/", 1)[1])


def _upload(client: TestClient, csrf: str, made: int, text: str) -> object:
    return client.post(f"/experiments/{made}/results", data={"csrf_token": csrf},
                       files={"file": ("stats.csv", text, "text/csv")}, follow_redirects=False)


def test_design_start_upload_read_and_decide(ws: Workspace, people: People) -> None:
    client, csrf = _member(ws, people)
    made = _design(client, csrf)
    page = client.get(f"/experiments/{made}").text
    assert "No results yet: start the experiment" in page and "units in all for 80% power" in page
    assert client.post(f"/experiments/{made}/transition", data={"status": "running", "csrf_token": csrf},
                       follow_redirects=False).status_code == 303
    assert _upload(client, csrf, made, STATS).status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"/experiments/{made}").text
    srm, headline, guardrails = page.index('id="srm"'), page.index('id="headline"'), page.index('id="guardrails"')
    assert srm < headline < guardrails  # the sample-ratio check leads, then the primary metric
    assert "Sample ratio check passed" in page
    assert "treatment raised conversion by 10.0% against control" in page
    assert 'data-status="regressed"' in page and "Guardrail page_load_ms regressed" in page
    assert page.count('<svg class="effects-chart"') == 2
    body = page.split("</header>", 1)[1]  # below the shell, whose one script is a file of ours
    assert not re.search(r"<[^>]+\sstyle=", page) and "<script" not in body  # nothing the CSP would refuse
    client.post(f"/experiments/{made}/transition", data={"status": "stopped", "csrf_token": csrf})
    decided = client.post(f"/experiments/{made}/decide", data={"outcome": "iterate", "csrf_token": csrf,
                                                               "learning": "Faster pages first."},
                          follow_redirects=False)
    assert decided.status_code == 303
    page = client.get(f"/experiments/{made}").text
    found = re.search(r'id="experiment-decision" href="/decisions/(\d+)"', page)
    assert found and "Faster pages first." in page
    decision = client.get(f"/decisions/{found.group(1)}").text
    assert "Iterate on Bigger buy button" in decision and f"/experiments/{made}" in decision
    listing = client.get("/experiments").text
    assert 'data-count="iterate">1<' in listing and 'data-count="tested">1<' in listing


def test_a_failed_sample_ratio_check_is_a_plain_warning_first(ws: Workspace, people: People) -> None:
    client, csrf = _member(ws, people)
    made = _design(client, csrf)
    client.post(f"/experiments/{made}/transition", data={"status": "running", "csrf_token": csrf})
    _upload(client, csrf, made, SRM)
    page = client.get(f"/experiments/{made}").text
    warning = page.index('class="exp-srm failed" id="srm" role="alert"')
    assert warning < page.index('id="headline"')
    assert "Sample ratio mismatch" in page and "Do not trust these results" in page


def test_a_form_with_mistakes_is_shown_again_with_what_to_fix(ws: Workspace, people: People) -> None:
    client, csrf = _member(ws, people)
    refused = client.post("/experiments/new", data={**FORM, "variants": "control = 0.5\ntreatment = 0.4",
                                                    "csrf_token": csrf})
    assert refused.status_code == 422 and "they sum to 0.9; they must sum to 1" in refused.text
    assert 'value="Bigger buy button"' in refused.text  # what was typed is kept
    garbled = client.post("/experiments/new", data={**FORM, "variants": "control half", "csrf_token": csrf})
    assert garbled.status_code == 422 and "variants, line 1: &#39;control half&#39;" in garbled.text
    assert client.get("/api/v1/experiments").status_code == 401  # (the page session is no API token)
    assert "No experiments yet." in client.get("/experiments").text


def test_bad_uploads_and_illegal_moves_are_shown_on_the_page_and_change_nothing(ws: Workspace,
                                                                                 people: People) -> None:
    client, csrf = _member(ws, people)
    made = _design(client, csrf)
    jump = client.post(f"/experiments/{made}/transition", data={"status": "stopped", "csrf_token": csrf})
    assert jump.status_code == 409 and "it can only become running next" in jump.text
    early = _upload(client, csrf, made, STATS)
    assert early.status_code == 409  # type: ignore[attr-defined]
    client.post(f"/experiments/{made}/transition", data={"status": "running", "csrf_token": csrf})
    bad = ("variant,metric,n,sum,sum_squares\ncontrol,conversion,0,0,0\ntreatment,conversion,-1,5,1\n")
    refused = _upload(client, csrf, made, bad)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    text = refused.text  # type: ignore[attr-defined]
    assert 'id="problems"' in text and "has no units" in text and "is negative" in text
    assert 'id="no-results"' in text
    pasted = client.post(f"/experiments/{made}/results", data={"csrf_token": csrf, "statistics": STATS},
                         files={"file": ("", b"", "application/octet-stream")}, follow_redirects=False)
    assert pasted.status_code == 303
    assert "the pasted statistics" in client.get(f"/experiments/{made}").text
    client.post(f"/experiments/{made}/transition", data={"status": "stopped", "csrf_token": csrf})
    nothing = client.post(f"/experiments/{made}/decide", data={"outcome": "launch", "learning": "",
                                                               "csrf_token": csrf})
    assert nothing.status_code == 422 and "learning: this field is required" in nothing.text


def test_the_wbr_deck_shows_running_experiments_beside_their_primary_metric(ws: Workspace,
                                                                              people: People) -> None:
    from datetime import date

    from dayone.auth.permissions import CLI_ACTOR
    from dayone.demo import metrics as demo_metrics
    from dayone.wbr import service as wbr

    client, csrf = _member(ws, people)
    running = _design(client, csrf, title="Bigger & bolder button")
    client.post(f"/experiments/{running}/transition", data={"status": "running", "csrf_token": csrf})
    _design(client, csrf, title="Only designed")  # not running: not shown
    path = demo_metrics.write(ws.settings.home / "data" / "wbr", date(2026, 11, 21), domain="northwind.example")
    with ws.session() as session:
        wbr.use(session, CLI_ACTOR, path)
    deck = client.get("/wbr/2026-11-21")
    assert deck.status_code == 200
    card = deck.text.split('id="metric-conversion"', 1)[1].split('<div class="metric', 1)[0]
    assert (f'Running experiment on this metric: <a href="/experiments/{running}">Bigger &amp; bolder button</a>'
            in card)
    assert "Only designed" not in deck.text
    assert deck.text.count('class="experiments"') == 1  # beside its primary metric only
    # the PDF deck names it beside the same metric, from the page and from the API
    from pdfminer.high_level import extract_text

    from tests.experiments.test_experiments_api import _api

    for pdf in (client.get("/wbr/2026-11-21/pdf"), _api(ws, people.viewer).get("/api/v1/wbr/2026-11-21/pdf")):
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        text = " ".join(extract_text(io.BytesIO(pdf.content)).split())
        assert f"Running experiment on this metric: Bigger & bolder button (experiment {running})" in text
        assert "Only designed" not in text


SLICED = ("variant,metric,n,sum,sum_squares,dimension,dimension_value,date\n" + "".join(
    f"{g},conversion,{n},{c},{c},{dim},{value},{day}\n{g},page_load_ms,{n},{850 * n},{730000 * n},{dim},{value},{day}\n"
    for g, n, c, dim, value, day in [
        ("control", 10000, 1000, "", "", ""), ("treatment", 10000, 1100, "", "", ""),
        ("control", 6000, 600, "country", "US", ""), ("treatment", 6000, 700, "country", "US", ""),
        ("control", 4000, 400, "country", "FR", ""), ("treatment", 4000, 400, "country", "FR", ""),
        ("control", 3000, 300, "", "", "2026-11-02"), ("treatment", 3000, 320, "", "", "2026-11-02"),
        ("control", 10000, 1000, "", "", "2026-11-09"), ("treatment", 10000, 1100, "", "", "2026-11-09")]))


def test_breakdowns_and_the_interval_over_time_are_stored_and_shown(ws: Workspace, people: People) -> None:
    client, csrf = _member(ws, people)
    made = _design(client, csrf, engine="sequential")
    client.post(f"/experiments/{made}/transition", data={"status": "running", "csrf_token": csrf})
    assert _upload(client, csrf, made, SLICED).status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"/experiments/{made}").text
    assert 'id="timeline"' in page and '<svg class="line-chart"' in page and 'class="band"' in page
    assert "2 dates, last 2026-11-09" in page
    table = page.split('data-dimension="country"', 1)[1].split("</table>", 1)[0]
    assert table.index('data-value="US"') < table.index('data-value="FR"')  # most units first
    assert "+16.67%" in table and "+0.00%" in table  # US 10% → 11.67%, FR unchanged
    assert not re.search(r"<[^>]+\sstyle=", page)
    again = client.get(f"/experiments/{made}").text  # read back from storage the same
    assert again.count('data-value="') == 2
    # a later upload without slices replaces them all
    assert _upload(client, csrf, made, STATS).status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"/experiments/{made}").text
    assert 'id="timeline"' not in page and "exp-breakdown" not in page


def _market_panel(effect: float = 0.10) -> str:
    """12 regions over 30 weeks sharing a trend; north (and east) gain ``effect`` from week 20."""
    import numpy as np

    rng = np.random.default_rng(5)
    lines = ["region,date,value"]
    trend = np.cumsum(rng.normal(0, 1, 30))
    # the treated regions' sizes lie among the controls' (a synthetic control mixes them; it cannot extrapolate)
    for i, region in enumerate([*(f"r{k}" for k in range(5)), "north", "east", *(f"r{k}" for k in range(5, 10))]):
        size = 80 + 10 * i
        for week in range(30):
            value = size + trend[week] + rng.normal(0, 0.5)
            if region in ("north", "east") and week >= 20:
                value *= 1 + effect
            lines.append(f"{region},{(date(2026, 6, 1) + timedelta(weeks=week)).isoformat()},{value:.4f}")
    return "\n".join(lines) + "\n"


def test_a_market_test_is_read_on_the_page_and_a_bad_one_changes_nothing(ws: Workspace, people: People) -> None:
    client, csrf = _member(ws, people)
    made = _design(client, csrf, title="Regional price test")
    client.post(f"/experiments/{made}/transition", data={"status": "running", "csrf_token": csrf})
    form = {"csrf_token": csrf, "treated": "north, east", "start": "2026-10-19", "method": "synthetic"}
    sent = client.post(f"/experiments/{made}/market", data=form,
                       files={"file": ("panel.csv", _market_panel(), "text/csv")}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    page = client.get(f"/experiments/{made}").text
    assert 'id="market"' in page and "north, east treated from 2026-10-19" in page
    assert "Read by a synthetic control" in page and '<svg class="line-chart"' in page and 'class="marker"' in page
    assert re.search(r'id="market-effect">[^<]*\(\+(9|10)\.\d\d%\)', page)
    assert re.search(r'id="market-p">0\.0909 \(10 control regions', page)  # 1/11: the treated move most
    assert 'id="no-results"' not in page and not re.search(r"<[^>]+\sstyle=", page)
    refused = client.post(f"/experiments/{made}/market", data={**form, "treated": "nort"},
                          files={"file": ("panel.csv", _market_panel(0.0), "text/csv")})
    assert refused.status_code == 422 and "did you mean &#39;north&#39;?" in refused.text
    assert 'value="nort"' in refused.text  # what was typed is kept
    kept = client.get(f"/experiments/{made}").text
    assert re.search(r'id="market-effect">[^<]*\(\+(9|10)\.\d\d%\)', kept)  # the stored test is unchanged
    pasted = client.post(f"/experiments/{made}/market", data={**form, "method": "did", "panel": "region,date\n"},
                         files={"file": ("", b"", "application/octet-stream")})
    assert pasted.status_code == 422 and "missing column value" in pasted.text
