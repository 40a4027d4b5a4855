"""The fonts the documents draw with (Debian's Noto) and the text measuring every backend shares."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/noto")
FILES = {False: "NotoSans-Regular.ttf", True: "NotoSans-Bold.ttf"}
# Noto Sans has no ≥ or ≤ (targets are written with them): DejaVu Sans draws those.
FALLBACK_DIR = Path("/usr/share/fonts/truetype/dejavu")
FALLBACK_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
FALLBACK_CHARS = frozenset("≥≤")
# The deck names a font every projector PC has; it is narrower than Noto Sans, so a line
# that fits when measured in Noto Sans also fits there.
DECK_FONT = "Arial"
LINE = 1.3  # line height, in font sizes
BASELINE = 1.0  # baseline below the top of a line, in font sizes
INSTALL = "apt-get install fonts-noto-core"


class FontMissing(RuntimeError):
    """Noto Sans is not installed: Vietnamese text cannot be drawn."""


def path(bold: bool = False) -> Path:
    """The TTF file of Noto Sans (bold or regular); ``FontMissing`` says how to install it."""
    file = FONT_DIR / FILES[bold]
    if not file.exists():
        raise FontMissing(f"Không tìm thấy phông chữ {file}: cài đặt bằng lệnh {INSTALL}.")
    return file


def fallback_path(bold: bool = False) -> Path:
    """The TTF file that draws what Noto Sans lacks (DejaVu Sans, or Noto Sans again)."""
    file = FALLBACK_DIR / FALLBACK_FILES[bold]
    return file if file.exists() else path(bold)


@lru_cache(maxsize=64)
def font(size: float, bold: bool = False, fallback: bool = False) -> ImageFont.FreeTypeFont:
    """A PIL font of ``size`` pixels."""
    file = fallback_path(bold) if fallback else path(bold)
    return ImageFont.truetype(str(file), max(1, round(size)))


def runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, drawn with the fallback font) runs."""
    out: list[tuple[str, bool]] = []
    for char in text:
        fallback = char in FALLBACK_CHARS
        if out and out[-1][1] == fallback:
            out[-1] = (out[-1][0] + char, fallback)
        else:
            out.append((char, fallback))
    return out


@lru_cache(maxsize=4096)
def width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` at ``size`` points (measured at 100 and scaled)."""
    return sum(font(100, bold, fb).getlength(piece) for piece, fb in runs(text)) * size / 100


def wrap(text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``max_width`` (a long word is cut)."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if width(trial, size, bold) <= max_width:
                line = trial
                continue
            if line:
                lines.append(line)
            while width(word, size, bold) > max_width and len(word) > 1:
                cut = len(word)
                while cut > 1 and width(word[:cut], size, bold) > max_width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def height(lines: int, size: float) -> float:
    """Height of ``lines`` lines of text at ``size`` points."""
    return lines * size * LINE


def place(
    text: str, x: float, y: float, w: float, size: float, bold: bool = False, align: str = "left"
) -> list[tuple[str, bool, float, float]]:
    """Where each run of ``text`` goes in a box of width ``w``: (piece, fallback, x, baseline).

    Wraps the text, aligns each line, and splits it into runs of the main and the fallback
    font; both the PDF and the PNG renderer draw exactly these runs.
    """
    out = []
    for n, line in enumerate(wrap(text, size, w, bold)):
        lw = width(line, size, bold)
        px = x + {"left": 0, "center": (w - lw) / 2, "right": w - lw}[align]
        base = y + height(n, size) + size * BASELINE
        for piece, fallback in runs(line):
            out.append((piece, fallback, px, base))
            px += width(piece, size, bold)
    return out
