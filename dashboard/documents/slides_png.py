"""The slides as 1920 × 1080 PNG files (for Zalo or e-mail), drawn with Pillow in Noto Sans."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from dashboard.documents import fonts, slides

SIZE = (1920, 1080)
SCALE = SIZE[0] / slides.WIDTH  # pixels per slide point


class PngCanvas:
    """A ``slides.Canvas`` on a Pillow image."""

    def __init__(self) -> None:
        self.image = Image.new("RGB", SIZE, "#ffffff")
        self.draw = ImageDraw.Draw(self.image)

    def rect(self, x, y, w, h, fill):
        if w <= 0 or h <= 0:
            return
        s = SCALE
        self.draw.rectangle([x * s, y * s, (x + w) * s - 1, (y + h) * s - 1], fill=fill)

    def line(self, x1, y1, x2, y2, color, width=1.0):
        s = SCALE
        self.draw.line([x1 * s, y1 * s, x2 * s, y2 * s], fill=color, width=max(1, round(width * s)))

    def text(self, x, y, w, text, size, bold=False, color=slides.INK, align="left"):
        for piece, fallback, px, base in fonts.place(text, x, y, w, size, bold, align):
            font = fonts.font(size * SCALE, bold, fallback)
            self.draw.text((px * SCALE, base * SCALE), piece, font=font, fill=color, anchor="ls")


def render(slide: slides.Slide, number: int, total: int, month: str, sample: bool) -> Image.Image:
    """One slide as a 1920 × 1080 image."""
    canvas = PngCanvas()
    slides.draw(canvas, slide, number, total, month, sample)
    return canvas.image


def write_pngs(
    deck: list[slides.Slide], month: str, month_label: str, sample: bool, out: Path
) -> list[Path]:
    """Write ``ban-tin-<month>-<nn>-<topic>.png`` per slide; returns the paths."""
    paths = []
    for number, slide in enumerate(deck, start=1):
        path = out / f"ban-tin-{month}-{number:02d}-{slide.topic}.png"
        render(slide, number, len(deck), month_label, sample).save(path, optimize=False)
        paths.append(path)
    return paths
