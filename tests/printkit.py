"""Reports on paper, for the tests: print HTML reports to A4 PDF with Chromium
(what a secretary uses with Ctrl+P) and with WeasyPrint (the PDF engine), and
read each page back: its size, its text and how much of it is empty.

Independent of the product's converter (report/pdf.py): the tests look at
what the CSS does in each engine, not at the command.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOPPM = shutil.which("pdftoppm")
PDFTOTEXT = shutil.which("pdftotext")
#: Rasters for the emptiness rule: 24 dpi, and a pixel darker than this grey is ink.
DPI = 24
INK = 235
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
#: A4 in PostScript points (1 pt = 1/72 in), and the tolerance of a PDF's rounding.
A4 = (595.28, 841.89)
PT_TOLERANCE = 2.0
#: The page margins of style.css (@page), in points: the body's box on the paper.
MM = 72 / 25.4


def artefacts_dir() -> Path:
    """Where the PNGs of the first pages go (CI keeps them): COPROD_ARTEFACTS or <repo>/artefactos/paginas/."""
    folder = Path(os.environ.get("COPROD_ARTEFACTS") or ROOT / "artefactos" / "paginas")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]
    #: Top and bottom (points from the top of the paper) of what is printed in the body's box.
    body_top: float
    body_bottom: float
    content_bottom: float | None

    @property
    def text(self) -> str:
        """The page's words in reading order, one space apart (a header or a cell may wrap)."""
        return " ".join(w.text for w in self.words)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def is_a4(self) -> bool:
        short, long_ = sorted((self.width, self.height))
        return abs(short - A4[0]) < PT_TOLERANCE and abs(long_ - A4[1]) < PT_TOLERANCE

    @property
    def empty_share(self) -> float:
        """The part of the body's height below the last thing printed (1.0: a blank page)."""
        if self.content_bottom is None:
            return 1.0
        used = (self.content_bottom - self.body_top) / (self.body_bottom - self.body_top)
        return max(0.0, 1.0 - used)


def refuse_every_url(url: str, *args: object, **kwargs: object) -> dict:
    """A WeasyPrint url_fetcher that fetches nothing: a report is self-contained."""
    raise ValueError(f"sin acceso a la red ni a archivos: {url}")


def weasy_pdf(html: str) -> bytes:
    import weasyprint

    # Why: with an exception from the fetcher WeasyPrint logs a warning and goes on without the resource.
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=refuse_every_url).write_pdf()


def chromium_pdfs(paths: Iterable[Path]) -> dict[str, bytes]:
    """Each HTML file printed by headless Chromium as Ctrl+P would (the page size and margins of the CSS)."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM
    pdfs = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for path in paths:
                page.goto(path.as_uri(), wait_until="load")
                pdfs[path.stem] = page.pdf(prefer_css_page_size=True, print_background=True, display_header_footer=False)
        finally:
            browser.close()
    return pdfs


def _body_box(height: float, landscape: bool) -> tuple[float, float]:
    """The body's box (top, bottom) of a page in points: the @page margins of style.css."""
    top, bottom = (13 * MM, 12 * MM) if landscape else (15 * MM, 14 * MM)
    return top, height - bottom


_PAGE = re.compile(r'<page width="([0-9.]+)" height="([0-9.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([0-9.-]+)" yMin="([0-9.-]+)" xMax="([0-9.-]+)" yMax="([0-9.-]+)">(.*?)</word>', re.S)


def _words(pdf: Path) -> list[tuple[float, float, list[Word]]]:
    """Each page's size and words with their boxes (pdftotext -bbox; text outside the paper is not there)."""
    out = subprocess.run([PDFTOTEXT, "-bbox", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, timeout=120).stdout
    pages = []
    for w, h, body in _PAGE.findall(out.decode("utf-8")):
        words = [Word(float(a), float(b), float(c), float(d), t) for a, b, c, d, raw in _WORD.findall(body) for t in html.unescape(raw).split()]
        pages.append((float(w), float(h), words))
    return pages


def _ink_rows(pgm: Path) -> tuple[int, list[bool]]:
    """A greyscale PGM (P5): its height and, for every row of pixels, whether anything is printed on it."""
    data = pgm.read_bytes()
    fields = data.split(maxsplit=4)
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4][-width * height :]
    return height, [min(pixels[r * width : (r + 1) * width]) < INK for r in range(height)]


def read_pages(pdf: bytes, work: Path) -> list[Page]:
    """Every page's size and words (pdftotext) and the bottom of the last ink in its body (pdftoppm, 24 dpi).

    Why poppler and not pdfplumber: pdfplumber takes ~0.14 s a page here, and
    the test reads some 150 pages per engine and version."""
    work.mkdir(parents=True, exist_ok=True)
    src = work / "doc.pdf"
    src.write_bytes(pdf)
    try:
        words = _words(src)
        subprocess.run([PDFTOPPM, "-gray", "-r", str(DPI), str(src), str(work / "p")], check=True, timeout=120)
        grey = sorted(work.glob("p-*.pgm"), key=lambda f: int(f.stem.rsplit("-", 1)[1]))
        pages = [_page(n, w, h, ws, pgm) for n, ((w, h, ws), pgm) in enumerate(zip(words, grey, strict=True), 1)]
    finally:
        for f in (src, *work.glob("p-*.pgm")):
            f.unlink()
    return pages


def _page(n: int, width: float, height: float, words: list[Word], pgm: Path) -> Page:
    top, bottom = _body_box(height, width > height)
    rows, ink = _ink_rows(pgm)
    scale = height / rows
    inked = [r * scale + scale for r in range(rows) if ink[r] and top <= r * scale and r * scale + scale <= bottom]
    return Page(n, width, height, words, top, bottom, max(inked) if inked else None)


def sections(pages: list[Page]) -> list[list[Page]]:
    """Runs of pages of the same orientation (a landscape table is a section of its own)."""
    runs: list[list[Page]] = []
    for p in pages:
        if runs and runs[-1][-1].landscape == p.landscape:
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


def too_empty(pages: list[Page], limit: float = 0.60) -> list[tuple[int, float]]:
    """Pages more than `limit` empty that are not the last page of their section (number, empty share)."""
    return [(p.number, round(p.empty_share, 2)) for run in sections(pages) for p in run[:-1] if p.empty_share > limit]


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces as one space (a header may wrap)."""
    return re.sub(r"\s+", " ", text)


def rasterise_first_page(pdf: bytes, png: Path) -> Path | None:
    """The first page as a PNG at 60 dpi (pdftoppm); None without poppler."""
    if PDFTOPPM is None:
        return None
    src = png.with_suffix(".pdf")
    src.write_bytes(pdf)
    try:
        subprocess.run([PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(src), str(png.with_suffix(""))], check=True, timeout=60)
    finally:
        src.unlink()
    return png


@dataclass
class Table:
    caption: str
    rows: list[list[str]]  # every row of thead, tbody and tfoot: the text of each cell


class _Tables(HTMLParser):
    """The tables of a report's HTML, as text (markup stripped, whitespace folded)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(Table("", []))
        elif tag == "tr" and self.tables:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []
        elif tag == "caption":
            self._caption = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1].rows[-1].append(flat("".join(self._cell)).strip())
            self._cell = None
        elif tag == "caption" and self._caption is not None:
            self.tables[-1].caption = flat("".join(self._caption)).strip()
            self._caption = None

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._caption):
            if part is not None:
                part.append(data)


def html_tables(html_text: str) -> list[Table]:
    parser = _Tables()
    parser.feed(html_text)
    return parser.tables


def _same_word(pdf_word: str, wanted: str) -> bool:
    """A word of the PDF is the wanted one, or its start when the word wrapped (an id at its hyphens)."""
    return pdf_word == wanted or (len(pdf_word) >= 3 and wanted.startswith(pdf_word))


def row_on_paper(pages: list[Page], first: str, last: str) -> bool:
    """Some page prints the row's first cell and, on the same line and to its right, its last cell (first words)."""
    a, b = first.split()[0], last.split()[0]
    for p in pages:
        for w in p.words:
            if _same_word(w.text, a) and any(_same_word(v.text, b) and v.x0 >= w.x1 - 0.5 and v.y0 < w.y1 and w.y0 < v.y1 and v.x1 <= p.width for v in p.words if v is not w):
                return True
    return False


def rows_off_paper(pages: list[Page], tables: list[Table]) -> list[str]:
    """The rows (header, body, totals) of the tables whose last cell is not printed beside their first one."""
    missing = []
    for t in tables:
        for row in t.rows:
            if len(row) >= 2 and row[0].split() and row[-1].split() and not row_on_paper(pages, row[0], row[-1]):
                missing.append(f"{t.caption[:50]!r}: {row[0][:40]!r} … {row[-1][:40]!r}")
    return missing
