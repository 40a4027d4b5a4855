"""What "the same database" means for the reliability tests, and small file builders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from data.store import db

ROOT = Path(__file__).resolve().parents[2]

PROGRESS_HEADER = "Đơn vị báo cáo,Kỳ báo cáo,STT nhiệm vụ,Tình trạng,Tỷ lệ hoàn thành (%),Ghi chú"
INDICATOR_HEADER = "Mã chỉ số,Phạm vi,Kỳ số liệu,Tử số,Mẫu số,Giá trị"


def csv(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def content(path: Path) -> dict:
    """Everything a load or a rollback writes, in a form two databases can be compared by.

    Timestamps that depend on when a replay ran (started/finished) and audit ids are left
    out; everything else, including submitters, receipts and ``cascade_of``, must match.
    """
    with db.reader(path) as con:
        out = {}
        for table, order in (
            ("core.progress_report", "unit_code, period_code, task_id, load_id"),
            ("core.indicator_value", "indicator_code, scope_code, period_key, load_id"),
            ("staging.quarantine", "load_id, row_number, column_name, reason"),
            ("raw.file", "file_hash"),
            ("core.dossier_history", "dossier_code, load_id"),
            ("marts.register_month", "scope_code, period_start, indicator_code"),
        ):
            out[table] = con.execute(f"select * from {table} order by {order}").fetchall()
        out["log"] = con.execute(
            "select load_id, file_hash, original_name, kind, status, rows_total, rows_loaded, "
            "rows_unchanged, rows_superseded, rows_quarantined, message, submitted_by, receipt "
            "from raw.load_log order by load_id"
        ).fetchall()
        out["rollback"] = con.execute(
            "select load_id, rolled_back_at, rolled_back_by, previous_status, cascade_of, reason "
            "from raw.load_rollback order by load_id"
        ).fetchall()
        audit = con.execute(
            "select recorded_at, actor, role, action, load_id, file_hash, detail "
            "from raw.audit_log where action in ('load', 'rollback')"
        ).fetchall()
        out["audit"] = sorted(audit, key=lambda r: json.dumps(r, default=str))
    return out


def run_cli(args: list[str], env: dict | None = None, timeout: float = 120):
    """Run ``python -m data ...`` in a real subprocess."""
    full = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "data", *args],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
