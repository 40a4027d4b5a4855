"""Reading the catalog's files: one YAML loader, and the folding used for lenient matching."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

# libyaml's safe loader when installed: the same values, about ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> dict:
    """Parse one catalog file (an empty file is an empty mapping)."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER) or {}


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation: the key for lenient matching."""
    text = unicodedata.normalize("NFC", str(text)).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()
