"""Canonical columns of the input kinds, as the rest of the data layer speaks them.

A view of ``inputs.yaml`` through the catalog: readers map whatever headers a file has
onto these names (see ``data.intake.normalize``); checks, loading and templates all speak
them. The two kind keys are the names the code branches on.
"""

from __future__ import annotations

from data import catalog

PROGRESS = "progress"
INDICATOR = "indicator"
REGISTER = "register"

_inputs = catalog.load().inputs
_labels = catalog.load().labels

# Kinds read row by row through data/intake; the register is read by DuckDB itself.
KINDS = tuple(k.key for k in _inputs.kinds if k.reader == "table")
KIND_LABELS = {k: v for k, v in _labels["input_kind"].labels().items() if k in KINDS}

# Input columns: canonical name -> Vietnamese header used in templates and messages.
PROGRESS_INPUT = _inputs.kind(PROGRESS).headers()
PROGRESS_REQUIRED = _inputs.kind(PROGRESS).required()
INDICATOR_INPUT = _inputs.kind(INDICATOR).headers()
INDICATOR_REQUIRED = _inputs.kind(INDICATOR).required()

# Normalised frame columns (after parsing), in order. ``row_number`` is the row as
# Excel shows it, so every message can point a person at the right line.
PROGRESS_FRAME = _inputs.kind(PROGRESS).frame
PROGRESS_KEY = _inputs.kind(PROGRESS).value_key
INDICATOR_FRAME = _inputs.kind(INDICATOR).frame
INDICATOR_KEY = _inputs.kind(INDICATOR).value_key

# Progress status keys and their Vietnamese labels as written in reports.
TASK_REPORT_STATUS = {s.key: s.label for s in _inputs.report_statuses}
