"""The deck's PDF, laid out in parts on the machine's cores, and made ahead of the download.

WeasyPrint lays a document out on one core. The print deck (``render_html(...,
for_print=True)``) marks its parts: the first page (title, flags, contents), then one part a
section. The sections are laid out in worker processes (a bounded pool, two at most), each
part its own PDF; the first page is laid out last, when the page each section starts on is
known, so the contents carry the right numbers; pypdf stitches the parts, and the links of
the first page and the bookmarks are rebuilt over the whole file. Each section starts a page.

A deck page opened in the browser starts its PDF in the background (``prerender``: one at a
time, on a thread of its own, never on the event loop), so that the download is usually
already made; the same PDF asked for twice at once is laid out once.
"""

from __future__ import annotations

import hashlib
import io
import logging
import multiprocessing
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

FRONT, CHUNK, END = "<!--pdf-front-->", "<!--pdf-chunk-->", "<!--pdf-end-->"
WORKERS = max(1, min(2, os.cpu_count() or 1))  # the PDF's share of the machine: two cores at most
PX = 0.75  # a CSS pixel in PDF points


@dataclass
class Part:
    """One part of the deck laid out: its PDF, and where its anchors, links and bookmarks are
    (page index within the part; PDF points from the page's bottom left)."""

    pdf: bytes
    pages: int
    anchors: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    links: list[tuple[int, str, tuple[float, float, float, float]]] = field(default_factory=list)
    bookmarks: list[Any] = field(default_factory=list)  # (label, (page, x, y), children, state)
    cpu: float = 0.0  # seconds of CPU its layout took (in its process)


def split(html: str) -> tuple[str, list[str]] | None:
    """The print deck as (the first page's document, [each section's document]), or None
    when it has no marked sections (then it is laid out whole)."""
    if FRONT not in html or END not in html or CHUNK not in html:
        return None
    head, rest = html.split(FRONT, 1)
    body, tail = rest.rsplit(END, 1)
    front, *sections = body.split(CHUNK)
    return head + front + tail, [head + section + tail for section in sections]


def number_contents(front: str, starts: dict[str, int]) -> str:
    """The first page with each contents entry's page number written in (``starts``: section
    anchor → page number), for the print stylesheet to set after the leader."""
    def numbered(match: re.Match[str]) -> str:
        anchor = match.group(1)
        return match.group(0) if anchor not in starts else f'{match.group(0)} data-page="{starts[anchor]}"'
    toc = re.search(r'<nav class="toc".*?</nav>', front, flags=re.S)
    if toc is None:
        return front
    return front[:toc.start()] + re.sub(r'<a href="#([^"]+)"', numbered, toc.group(0)) + front[toc.end():]


def lay_out(html: str) -> Part:
    """One document laid out by WeasyPrint (in a worker process, or here)."""
    import weasyprint

    started = time.process_time()
    document = weasyprint.HTML(string=html).render()
    part = Part(pdf=b"", pages=len(document.pages))
    known = {name for page in document.pages for name in page.anchors}
    for number, page in enumerate(document.pages):
        for name, (x, y, _, _) in page.anchors.items():
            part.anchors.setdefault(name, (number, x * PX, (page.height - y) * PX))
        for kind, target, (x1, y1, x2, y2), _ in page.links:
            if kind == "internal" and target not in known:  # in another part: linked after stitching
                part.links.append((number, target, (x1 * PX, (page.height - y2) * PX,
                                                    x2 * PX, (page.height - y1) * PX)))
        page.links[:] = [link for link in page.links if link[0] != "internal" or link[1] in known]
    part.bookmarks = document.make_bookmark_tree(scale=PX, transform_pages=True)
    part.pdf = document.write_pdf()
    part.cpu = time.process_time() - started
    return part


def _warm() -> None:
    """A worker's first step: load WeasyPrint and its fonts once, not on the first deck."""
    import weasyprint

    weasyprint.HTML(string="<p>warm</p>").write_pdf()


_POOL: ProcessPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ProcessPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:  # spawned, not forked: the web server has threads
            _POOL = ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_warm)
        return _POOL


def _reset_pool() -> None:
    global _POOL
    with _POOL_LOCK:
        if _POOL is not None:
            _POOL.shutdown(wait=False, cancel_futures=True)
        _POOL = None


def lay_out_parts(html: str, stats: dict[str, Any] | None = None) -> bytes:
    """The print deck as one PDF, its sections laid out in parallel (see the module's notes).
    ``stats``, if given, is filled with the CPU seconds of each part (the benchmark's)."""
    stats = {} if stats is None else stats
    parts = split(html)
    if parts is None or WORKERS < 2:
        whole = lay_out(html)
        stats.update(parts=[], front=whole.cpu)
        return whole.pdf
    front, sections = parts
    try:
        pool = _pool()
        # the longest sections first, so that the two workers finish together
        order = sorted(range(len(sections)), key=lambda i: -len(sections[i]))
        futures = {i: pool.submit(lay_out, sections[i]) for i in order}
        laid = [futures[i].result() for i in range(len(sections))]
    except BrokenProcessPool:  # a worker died (killed, out of memory): lay it out here
        log.warning("the PDF workers stopped; laying the deck out in one process")
        _reset_pool()
        return lay_out(html).pdf
    fronts: list[Part] = []

    def lay_out_front() -> Part:
        """The first page, numbered: laid out by a worker while this process stitches the sections."""
        front_pages = 1
        for _ in range(3):  # the contents rarely take more than the one page they are given
            starts, page = {}, front_pages + 1
            for number, section in enumerate(laid, start=1):
                starts[f"section-{number}"] = page
                page += section.pages
            fronts.append(pool.submit(lay_out, number_contents(front, starts)).result())
            if fronts[-1].pages == front_pages:
                break
            front_pages = fronts[-1].pages
        return fronts[-1]

    started = time.process_time()
    stitched = stitch(_Later(lay_out_front), laid)
    stats.update(parts=[part.cpu for part in laid], front=sum(f.cpu for f in fronts),
                 stitch=time.process_time() - started)
    return stitched


class _Later:
    """A part laid out on a thread of its own while the caller goes on (the first page)."""

    def __init__(self, make: Callable[[], Part]) -> None:
        self._result: list[Part] = []
        self._error: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(make,), name="wbr-pdf-front", daemon=True)
        self._thread.start()

    def _run(self, make: Callable[[], Part]) -> None:
        try:
            self._result.append(make())
        except BaseException as error:  # handed to the caller of get()
            self._error.append(error)

    def get(self) -> Part:
        self._thread.join()
        if self._error:
            raise self._error[0]
        return self._result[0]


def stitch(front: Part | _Later, sections: list[Part]) -> bytes:
    """The parts as one PDF: the first page, then the sections' pages in order, the links that
    cross parts, and one tree of bookmarks (the sections under the deck's title, as WeasyPrint
    nests them in one document). The sections are copied while the first page is still being
    laid out (``front`` a ``_Later``), then it goes in before them."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import Fit

    writer = PdfWriter()
    for part in sections:
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=False)
    first = front.get() if isinstance(front, _Later) else front
    writer.merge(0, PdfReader(io.BytesIO(first.pdf)), import_outline=False)
    parts, offsets = [first, *sections], [0]
    for part in parts[:-1]:
        offsets.append(offsets[-1] + part.pages)
    anchors: dict[str, tuple[int, float, float]] = {}
    for part, offset in zip(parts, offsets, strict=True):
        for name, (page, x, y) in part.anchors.items():
            anchors.setdefault(name, (offset + page, x, y))
    for part, offset in zip(parts, offsets, strict=True):
        for page, target, rect in part.links:
            if target in anchors:
                to, x, y = anchors[target]
                writer.add_annotation(offset + page, Link(rect=rect, target_page_index=to, fit=Fit.xyz(x, y),
                                                          border=[0, 0, 0]))

    def add(tree: list[Any], offset: int, parent: Any = None) -> Any:
        last = None
        for label, (page, x, y), children, state in tree:
            last = writer.add_outline_item(title=label, page_number=offset + page, parent=parent,
                                           fit=Fit.xyz(x, y), is_open=state == "open")
            add(children, offset, last)
        return last

    title = add(parts[0].bookmarks, offsets[0])
    top = title if parts[0].bookmarks and len(parts[0].bookmarks) == 1 else None
    for part, offset in zip(parts[1:], offsets[1:], strict=True):
        add(part.bookmarks, offset, top)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_PDFS: OrderedDict[str, bytes] = OrderedDict()
_RUNNING: dict[str, Future[bytes]] = {}
_LOCK = threading.Lock()


def render(html: str) -> bytes:
    """The PDF of a print deck. The last few are kept, and a PDF already being laid out (by a
    pre-render or another download) is waited for, not laid out again."""
    key = hashlib.sha256(html.encode()).hexdigest()
    with _LOCK:
        if key in _PDFS:
            _PDFS.move_to_end(key)
            return _PDFS[key]
        running = _RUNNING.get(key)
        if running is None:
            mine: Future[bytes] = Future()
            _RUNNING[key] = mine
    if running is not None:
        return running.result()
    try:
        pdf = lay_out_parts(html)
    except BaseException as error:
        with _LOCK:
            _RUNNING.pop(key, None)
        mine.set_exception(error)
        raise
    with _LOCK:  # kept and no longer running in one step: no second caller lays it out again
        _PDFS[key] = pdf
        while len(_PDFS) > 8:
            _PDFS.popitem(last=False)
        _RUNNING.pop(key, None)
    mine.set_result(pdf)
    return pdf


def is_ready(html: str) -> bool:
    """Whether this deck's PDF is made (a download would be instant)."""
    with _LOCK:
        return hashlib.sha256(html.encode()).hexdigest() in _PDFS


_BACKGROUND = ThreadPoolExecutor(1, thread_name_prefix="wbr-pdf")
_QUEUED = threading.BoundedSemaphore(2)  # one being made, one waiting: more are dropped


def prerender(make_html: Callable[[], str]) -> Future[bytes] | None:
    """Start a deck's PDF in the background (``make_html``: its print document, built on the
    background thread too). One at a time; when one is being made and another waits, this
    one is not started (None). The same deck already made or being made is not made again."""
    if not _QUEUED.acquire(blocking=False):
        return None

    def job() -> bytes:
        try:
            return render(make_html())
        except Exception:
            log.exception("pre-rendering a deck's PDF failed (the download will try again)")
            raise
        finally:
            _QUEUED.release()

    return _BACKGROUND.submit(job)
