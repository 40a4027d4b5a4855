"""Data checks: Great Expectations suites on normalised input frames.

This package imports nothing from ``data``, ``metrics`` or ``dashboard``: reference sets
(known units, wards, tasks, periods, indicator specs) are passed in by the caller.
"""

from checks.result import FileRejected, ReferenceSets, RowIssue

__all__ = ["FileRejected", "ReferenceSets", "RowIssue"]
