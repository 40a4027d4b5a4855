"""The briefing as a 16:9 PowerPoint deck (python-pptx): native shapes and text boxes staff can edit."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from dashboard.documents import fonts, slides

EMU_PER_PT = 12700
ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}


def _emu(points: float) -> Emu:
    return Emu(round(points * EMU_PER_PT))


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


class DeckCanvas:
    """A ``slides.Canvas`` on one PowerPoint slide."""

    def __init__(self, slide) -> None:
        self.shapes = slide.shapes

    def rect(self, x, y, w, h, fill):
        if w <= 0 or h <= 0:
            return
        shape = self.shapes.add_shape(MSO_SHAPE.RECTANGLE, _emu(x), _emu(y), _emu(w), _emu(h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
        shape.line.fill.background()
        shape.shadow.inherit = False

    def line(self, x1, y1, x2, y2, color, width=1.0):
        connector = self.shapes.add_connector(1, _emu(x1), _emu(y1), _emu(x2), _emu(y2))
        connector.line.color.rgb = _rgb(color)
        connector.line.width = Pt(width)

    def text(self, x, y, w, text, size, bold=False, color=slides.INK, align="left"):
        lines = max(1, len(fonts.wrap(text, size, w, bold)))
        box = self.shapes.add_textbox(_emu(x), _emu(y), _emu(w), _emu(fonts.height(lines, size)))
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        paragraph = frame.paragraphs[0]
        paragraph.alignment = ALIGN[align]
        paragraph.line_spacing = Pt(size * fonts.LINE)
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = fonts.DECK_FONT
        run.font.color.rgb = _rgb(color)


def write_deck(deck: list[slides.Slide], month_label: str, sample: bool, path: Path) -> Path:
    """Write the deck to ``path`` (16:9, 13,33 × 7,5 inch)."""
    prs = Presentation()
    prs.slide_width = _emu(slides.WIDTH)
    prs.slide_height = _emu(slides.HEIGHT)
    blank = prs.slide_layouts[6]
    for number, slide in enumerate(deck, start=1):
        page = prs.slides.add_slide(blank)
        slides.draw(DeckCanvas(page), slide, number, len(deck), month_label, sample)
    prs.core_properties.title = deck[0].title if deck else ""
    prs.save(path)
    return path
