"""The briefing as an A4 PDF (fpdf2): two slides per portrait page, vector text and shapes, page numbers."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from dashboard.documents import fonts, slides

MM_PER_PT = 25.4 / 72
PAGE_W, PAGE_H = 210.0, 297.0
SIDE = 10.0  # mm
SLIDE_W = PAGE_W - 2 * SIDE
SCALE = SLIDE_W / (slides.WIDTH * MM_PER_PT)  # a slide point is SCALE points on paper
SLIDE_H = slides.HEIGHT * MM_PER_PT * SCALE
TOPS = (16.0, 16.0 + SLIDE_H + 12.0)  # mm: two slides per page
FOOTER = "Bản tin giao ban tháng {month} – UBND Quận 1 – Trang {page}/{total}"
FOOTER_SIZE = 9.0


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return tuple(int(color[i : i + 2], 16) for i in (0, 2, 4))


class PdfCanvas:
    """A ``slides.Canvas`` on part of a PDF page (origin at the slide's top-left corner)."""

    def __init__(self, pdf: FPDF, left: float, top: float) -> None:
        self.pdf, self.left, self.top = pdf, left, top

    def _x(self, x: float) -> float:
        return self.left + x * MM_PER_PT * SCALE

    def _y(self, y: float) -> float:
        return self.top + y * MM_PER_PT * SCALE

    def rect(self, x, y, w, h, fill):
        if w <= 0 or h <= 0:
            return
        self.pdf.set_fill_color(*_rgb(fill))
        k = MM_PER_PT * SCALE
        self.pdf.rect(self._x(x), self._y(y), w * k, h * k, style="F")

    def line(self, x1, y1, x2, y2, color, width=1.0):
        self.pdf.set_draw_color(*_rgb(color))
        self.pdf.set_line_width(width * MM_PER_PT * SCALE)
        self.pdf.line(self._x(x1), self._y(y1), self._x(x2), self._y(y2))

    def text(self, x, y, w, text, size, bold=False, color=slides.INK, align="left"):
        self.pdf.set_text_color(*_rgb(color))
        for piece, fallback, px, base in fonts.place(text, x, y, w, size, bold, align):
            self.pdf.set_font("fallback" if fallback else "noto", "B" if bold else "", size * SCALE)
            self.pdf.text(self._x(px), self._y(base), piece)


def _pdf() -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(SIDE, SIDE, SIDE)
    for family, locate in (("noto", fonts.path), ("fallback", fonts.fallback_path)):
        pdf.add_font(family, "", str(locate(False)))
        pdf.add_font(family, "B", str(locate(True)))
    return pdf


def write_pdf(deck: list[slides.Slide], month_label: str, sample: bool, path: Path) -> int:
    """Write the slides two to an A4 page with a footer; returns the number of pages."""
    pdf = _pdf()
    pdf.set_title(deck[0].title if deck else "")
    pages = [deck[i : i + 2] for i in range(0, len(deck), 2)]
    for page_no, pair in enumerate(pages, start=1):
        pdf.add_page()
        for slot, slide in enumerate(pair):
            number = (page_no - 1) * 2 + slot + 1
            top = TOPS[slot]
            slides.draw(PdfCanvas(pdf, SIDE, top), slide, number, len(deck), month_label, sample)
            pdf.set_draw_color(*_rgb(slides.TRACK))
            pdf.set_line_width(0.3)
            pdf.rect(SIDE, top, SLIDE_W, SLIDE_H)
        pdf.set_font("noto", "", FOOTER_SIZE)
        pdf.set_text_color(*_rgb(slides.MUTED))
        footer = FOOTER.format(month=month_label, page=page_no, total=len(pages))
        pdf.text((PAGE_W - pdf.get_string_width(footer)) / 2, PAGE_H - 10, footer)
    pdf.output(str(path))
    return len(pages)
