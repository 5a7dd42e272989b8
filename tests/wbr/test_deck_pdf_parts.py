"""The PDF deck laid out in parts (each section in a worker process, the contents page last)
and made ahead of the download: the contents' page numbers, the first page's links and the
bookmarks are right over the stitched file, its text is the whole deck's, and a PDF asked for
twice (a pre-render and a click) is laid out once, never holding up the caller."""

from __future__ import annotations

import io
import re
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest
from pypdf import PdfReader

from dayone.metrics import spec
from dayone.wbr import formatting
from dayone.wbr import pdf as wbr_pdf
from dayone.wbr.deck import render_html, render_pdf
from tests.wbr.test_deck_pdf import NOTE, built  # noqa: F401 (the fixture)

Built = tuple[dict, spec.MetricsFile]


def _texts(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text

    pages = len(PdfReader(io.BytesIO(data)).pages)
    return [" ".join(extract_text(io.BytesIO(data), page_numbers=[n]).split()) for n in range(pages)]


@pytest.fixture(scope="module")
def printed(built: Built) -> str:  # noqa: F811
    return render_html(*built, notes=NOTE, for_print=True)


@pytest.fixture(scope="module")
def parts_pdf(printed: str) -> bytes:
    """The deck laid out in parts, by the worker processes."""
    assert wbr_pdf.WORKERS == 2 and wbr_pdf.split(printed) is not None
    return wbr_pdf.lay_out_parts(printed)


def test_the_print_document_splits_into_the_first_page_and_one_part_a_section(printed: str) -> None:
    parts = wbr_pdf.split(printed)
    assert parts is not None
    front, sections = parts
    assert "Flagged this week" in front and 'class="toc"' in front and "metric-orders" not in front.split("</nav>")[1]
    assert len(sections) == 2 and ">Customer</h2>" in sections[0] and ">Traffic</h2>" in sections[1]
    for part in (front, *sections):  # each a whole document with the print stylesheet
        assert part.startswith("<!doctype html>") and part.rstrip().endswith("</html>") and "@page" in part
    assert 'id="metric-orders"' in sections[0] and 'id="metric-sessions"' in sections[1]


def test_a_screen_deck_is_laid_out_whole(built: Built) -> None:  # noqa: F811
    assert wbr_pdf.split(render_html(*built)) is None  # not marked: one document, one process


def test_the_contents_give_the_page_each_section_starts_on(parts_pdf: bytes) -> None:
    pages = _texts(parts_pdf)
    numbers = re.findall(r"\.{5,} ?(\d+)", PdfReader(io.BytesIO(parts_pdf)).pages[0].extract_text())
    contents = dict(zip(["Customer", "Traffic"], numbers, strict=True))  # after the leaders, in order
    for name, number in contents.items():
        starts = [i + 1 for i, text in enumerate(pages) if (text + " ").startswith(name + " ")]
        assert starts == [int(number)], (name, number, [p[:40] for p in pages])
    assert int(contents["Traffic"]) > int(contents["Customer"]) >= 2


def test_the_first_page_links_lead_to_the_cards_and_sections(built: Built, parts_pdf: bytes) -> None:  # noqa: F811
    deck, _ = built
    reader = PdfReader(io.BytesIO(parts_pdf))
    pages = _texts(parts_pdf)
    links = []
    for annotation in reader.pages[0].get("/Annots", []):
        link = annotation.get_object()
        if link.get("/Subtype") == "/Link":
            top = max(float(link["/Rect"][1]), float(link["/Rect"][3]))
            links.append((-round(top), reader.get_page_number(link["/Dest"][0].get_object())))
    # one link a line (a contents line is three boxes: the name, the leader, the number)
    targets = [page for _, page in sorted(set(links))]
    flagged = [m for m, r in deck["metrics"].items() if r["anomaly"]]
    # the flags (top of the page) link to their cards, the contents to their sections
    assert len(targets) == len(flagged) + 2
    for name, page in zip(flagged, targets, strict=False):
        assert f"{formatting.title(name)} {deck['metrics'][name]['kind']}" in pages[page]
    assert [(pages[t] + " ").split(" ")[0] for t in targets[-2:]] == ["Customer", "Traffic"]


def _outline(data: bytes) -> list[tuple[int, str, int]]:
    reader = PdfReader(io.BytesIO(data))
    out: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item)))
    walk(reader.outline, 0)
    return out


def test_the_bookmarks_nest_as_in_one_document_and_lead_to_their_pages(printed: str, parts_pdf: bytes) -> None:
    whole = wbr_pdf.lay_out(printed).pdf  # the deck laid out in one process, as before
    split_marks, whole_marks = _outline(parts_pdf), _outline(whole)
    assert [(d, t) for d, t, _ in split_marks] == [(d, t) for d, t, _ in whole_marks]
    assert [t for d, t, _ in split_marks if d == 1] == ["Flagged this week", "Contents", "Customer", "Traffic"]
    pages = _texts(parts_pdf)
    for _, title, page in split_marks:
        assert " ".join(title.split()) in pages[page]


def test_the_parts_print_all_the_text_of_the_whole_deck(printed: str, parts_pdf: bytes) -> None:
    whole = _texts(wbr_pdf.lay_out(printed).pdf)
    split = _texts(parts_pdf)
    assert split[0].split("Contents")[0] == whole[0].split("Contents")[0]  # title and flags
    assert " ".join(split[1:]) == " ".join(whole[1:])  # every card, in order, word for word


def test_when_the_workers_stop_the_deck_is_laid_out_in_one_process(
        printed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    class Stopped:
        def __init__(self) -> None:
            self.shut_down: list[dict[str, Any]] = []

        def submit(self, *_: Any) -> Any:
            raise BrokenProcessPool("a worker was killed")

        def shutdown(self, **how: Any) -> None:
            self.shut_down.append(how)

    broken = Stopped()
    monkeypatch.setattr(wbr_pdf, "_POOL", broken)
    monkeypatch.setattr(wbr_pdf, "_pool", lambda: broken)
    pages = _texts(wbr_pdf.lay_out_parts(printed))
    assert broken.shut_down and wbr_pdf._POOL is None  # the broken pool is dropped; the next PDF makes a new one
    assert "Contents" in pages[0] and re.search(r"\.{5,} ?2", pages[0])  # numbered by WeasyPrint itself
    assert "Note from Maya Cohen: Black Friday moved into this week." in " ".join(pages)


@pytest.fixture
def slow_layout(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], threading.Event]:
    """lay_out_parts replaced by one that records each deck and waits to be let go."""
    calls: list[str] = []
    go = threading.Event()

    def lay_out_parts(html: str) -> bytes:
        calls.append(html)
        assert go.wait(30)
        return f"%PDF-{html}".encode()

    monkeypatch.setattr(wbr_pdf, "lay_out_parts", lay_out_parts)
    monkeypatch.setattr(wbr_pdf, "_PDFS", type(wbr_pdf._PDFS)())
    return calls, go


def _until(condition: Any) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_the_same_pdf_asked_for_at_once_is_laid_out_once(slow_layout: tuple[list[str], threading.Event]) -> None:
    calls, go = slow_layout
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(render_pdf("deck-a"))) for _ in range(3)]
    for thread in threads:
        thread.start()
    _until(lambda: calls)
    time.sleep(0.2)  # the other two are waiting for the first, not laying it out again
    assert calls == ["deck-a"]
    go.set()
    for thread in threads:
        thread.join(30)
    assert results == [b"%PDF-deck-a"] * 3 and calls == ["deck-a"]
    assert render_pdf("deck-a") == b"%PDF-deck-a" and calls == ["deck-a"]  # kept
    assert wbr_pdf.is_ready("deck-a") and not wbr_pdf.is_ready("deck-b")


def test_a_pre_render_returns_at_once_and_runs_one_at_a_time(slow_layout: tuple[list[str], threading.Event]) -> None:
    calls, go = slow_layout
    started = time.monotonic()
    first = wbr_pdf.prerender(lambda: "deck-1")
    second = wbr_pdf.prerender(lambda: "deck-2")
    third = wbr_pdf.prerender(lambda: "deck-3")  # one being made, one waiting: not started
    assert first is not None and second is not None and third is None
    _until(lambda: calls)
    assert time.monotonic() - started < 25  # the caller went on while the first was laid out
    assert calls == ["deck-1"] and not first.done() and not second.done()  # one at a time
    # a download of the deck being pre-rendered waits for it rather than laying it out again
    waiting: list[bytes] = []
    download = threading.Thread(target=lambda: waiting.append(render_pdf("deck-1")))
    download.start()
    go.set()
    assert first.result(30) == b"%PDF-deck-1" and second.result(30) == b"%PDF-deck-2"
    download.join(30)
    assert waiting == [b"%PDF-deck-1"] and calls == ["deck-1", "deck-2"]
    again = wbr_pdf.prerender(lambda: "deck-1")  # made already: nothing laid out
    assert again is not None and again.result(30) == b"%PDF-deck-1" and calls == ["deck-1", "deck-2"]
