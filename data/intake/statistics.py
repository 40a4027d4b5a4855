"""The statistics sheet of administrative-procedure results, turned into indicator values.

The one-stop system exports, for a unit or ward and a period, one row per field (lĩnh
vực) and a total row, with the dossiers received (carried over, new online, new in
person or by post), resolved (early, on time, late) and pending (in time, overdue). The
unit and the period come from the title block ("Kỳ báo cáo: Tháng 6/2023", "Từ ngày
01/06/2023 đến ngày 30/06/2023", "Đơn vị: UBND Phường Bến Nghé") or from columns.

Checks (set-based over the whole sheet): every row's sums hold (``identities`` in
``inputs.yaml``) and the total row equals the sum of the field rows. The indicator values
listed under ``derives`` are then computed from the total row and go through the indicator
checks and loading like any indicator file; their row number is the total row's, and the
sheet's own rows stay in the quarantine with their row numbers.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from checks.numbers import fmt_exact
from checks.result import FileRejected, ReferenceSets, RowIssue
from data import catalog
from data.catalog import columns, fold
from data.intake import normalize as nz
from data.intake.readers import RawTable

KIND = "statistics"

_LABELLED = re.compile(r"^(?P<label>[^:]{2,40}):\s*(?P<value>.+)$")
_FROM_TO = re.compile(r"tu ngay (\d{1,2}) (\d{1,2}) (\d{4}) den ngay (\d{1,2}) (\d{1,2}) (\d{4})")
_PERIOD_LABELS = ("ky bao cao", "ky so lieu", "thoi gian", "ky")
_UNIT_LABELS = ("don vi", "don vi bao cao", "co quan", "co quan bao cao", "ten don vi")


def _spec():
    return catalog.load().inputs.kind(KIND)


def _title_lines(table: RawTable) -> list[str]:
    return [
        " ".join(str(c).strip() for c in cells if not nz.is_blank(c))
        for _, cells in table.title_rows
    ]


def _period_from(text: str):
    """A month from "Tháng 6/2023" or "Từ ngày 01/06/2023 đến ngày 30/06/2023"; else None."""
    key = fold(text)
    m = _FROM_TO.search(key)
    if m:
        d1, m1, y1, d2, m2, y2 = (int(x) for x in m.groups())
        start, end = dt.date(y1, m1, d1), dt.date(y2, m2, d2)
        month = nz.parse_data_period(f"{y1}-{m1:02d}")
        if start == month.start and end == month.end:
            return month
        raise nz.CellError(
            f"kỳ từ {start:%d/%m/%Y} đến {end:%d/%m/%Y} không phải trọn một tháng; các chỉ số "
            "của biểu được tính theo tháng, hãy xuất biểu cho từng tháng"
        )
    m = re.search(r"thang (\d{1,2}) (?:nam )?(\d{4})", key)
    if m:
        return nz.parse_data_period(f"{m[2]}-{int(m[1]):02d}")
    return None


def title_block(table: RawTable, units) -> tuple[str | None, object, list[str]]:
    """(unit as written, period, problems) read from the rows above the header."""
    unit, period, problems = None, None, []
    for line in _title_lines(table):
        m = _LABELLED.match(line)
        label = fold(m["label"]) if m else ""
        value = m["value"].strip() if m else line
        if period is None and (label in _PERIOD_LABELS or "tu ngay" in fold(line)):
            try:
                period = _period_from(value if label in _PERIOD_LABELS else line)
            except nz.CellError as exc:
                problems.append(f"'{line}': {exc}")
        elif unit is None and label in _UNIT_LABELS:
            unit = value
        elif unit is None and not m and nz.match_unit(line, units):
            unit = line
    return unit, period, problems


def _numbers(table: RawTable, col: dict[str, int], numeric: list[str]):
    """Parsed figures per row (a DataFrame) and the cells that are not numbers."""
    issues, records = [], []
    for number, cells in table.rows:
        p = nz._RowParser(number, cells, col, table.header, table.percent_cells)
        record = {"row_number": number, "field": p.text("field")}
        for name in numeric:
            record[name] = p.number(name, KIND)
        record["unit"] = p.raw("unit")
        record["period"] = p.raw("period")
        records.append(record)
        issues.extend(p.issues)
    return pd.DataFrame.from_records(records), issues


def _label(table: RawTable, col: dict[str, int], name: str) -> str:
    index = col.get(name)
    if index is not None and table.header[index]:
        return table.header[index].replace(nz.PART_SEP, " - ")
    return _spec().headers()[name]


def check_sums(frame: pd.DataFrame, total_index, table, col) -> list[RowIssue]:
    """Internal sums on every row and total row = sum of field rows, set-based."""
    spec = _spec()
    issues = []
    present = [c for c in col if c in frame.columns and c not in ("field", "unit", "period")]
    for identity in spec.identities:
        if identity.total not in col or not all(p in col for p in identity.parts):
            continue
        parts = frame[list(identity.parts)].fillna(0).sum(axis=1)
        total = frame[identity.total]
        bad = total.notna() & (total - parts).abs().gt(1e-9)
        names = " + ".join(f"'{_label(table, col, p)}'" for p in identity.parts)
        for i in frame.index[bad]:
            issues.append(
                RowIssue(
                    int(frame.at[i, "row_number"]),
                    _label(table, col, identity.total),
                    fmt_exact(total[i]),
                    f"Tổng số {fmt_exact(total[i])} khác tổng các cột {names} "
                    f"({fmt_exact(parts[i])}). Sửa cho khớp rồi nộp lại.",
                )
            )
    fields = frame.drop(index=total_index)
    sums = fields[present].fillna(0).sum()
    total_row = frame.loc[total_index, present]
    row = int(frame.at[total_index, "row_number"])
    for name in present:
        if pd.isna(total_row[name]) or abs(total_row[name] - sums[name]) <= 1e-9:
            continue
        issues.append(
            RowIssue(
                row,
                _label(table, col, name),
                fmt_exact(total_row[name]),
                f"Dòng tổng ghi {fmt_exact(total_row[name])} nhưng cộng các dòng lĩnh vực được "
                f"{fmt_exact(sums[name])}. Sửa dòng tổng hoặc các dòng lĩnh vực cho khớp rồi nộp lại.",
            )
        )
    return issues


def _derived(total: pd.Series, scope, period, row: int) -> list[dict]:
    scope_type, scope_code = scope
    out = []
    for d in _spec().derives:
        num = float(total[list(d.numerator)].fillna(0).sum()) if d.numerator else None
        den = float(total[list(d.denominator)].fillna(0).sum()) if d.denominator else None
        value = float(total[list(d.value)].fillna(0).sum()) if d.value else None
        if d.denominator and not den:
            continue  # no dossier in the period: the rate is undefined, not zero
        out.append(
            {
                "row_number": row,
                "indicator_code": d.indicator,
                "scope_type": scope_type,
                "scope_code": scope_code,
                **nz.period_fields(period),
                "numerator": num,
                "denominator": den,
                "value": value,
                "note": "Tính từ biểu thống kê kết quả giải quyết TTHC",
            }
        )
    return out


def normalize_sheet(table: RawTable, refs: ReferenceSets, units) -> nz.Normalized:
    """The indicator rows a statistics sheet gives, with its sums checked.

    Raises:
        FileRejected: No total row, or the unit or period can be found nowhere.
    """
    spec = _spec()
    col = nz.match_header(table.header, KIND)
    numeric = [
        c.key for c in spec.columns if c.key in col and c.key not in ("field", "unit", "period")
    ]
    frame, issues = _numbers(table, col, numeric)
    raw_rows = {
        number: {
            (h.replace(nz.PART_SEP, " - ") or f"Cột {i + 1}"): nz.as_text(v)
            for i, (h, v) in enumerate(zip(table.header, cells, strict=False))
            if not nz.is_blank(v)
        }
        for number, cells in table.rows
    }
    if frame.empty:
        raise FileRejected("Biểu thống kê không có dòng số liệu nào dưới dòng tiêu đề.")
    is_total = frame["field"].map(lambda f: f is not None and fold(f) in spec.total_words)
    if not is_total.any():
        raise FileRejected(
            "Biểu thống kê không có dòng tổng (cột Lĩnh vực ghi 'Tổng cộng'). Thêm dòng tổng "
            "như biểu xuất từ hệ thống một cửa rồi nộp lại."
        )
    total_index = frame.index[is_total][-1]
    total_row = int(frame.at[total_index, "row_number"])
    issues += check_sums(frame.drop(columns=["field"]), total_index, table, col)

    title_unit, title_period, problems = title_block(table, units)
    unit_cell = frame.at[total_index, "unit"]
    period_cell = frame.at[total_index, "period"]
    unit_text = nz.as_text(unit_cell) if not nz.is_blank(unit_cell) else title_unit
    period = title_period
    if not nz.is_blank(period_cell):
        try:
            period = nz.parse_data_period(period_cell)
        except nz.CellError as exc:
            problems.append(f"'{nz.as_text(period_cell)}': {exc}")
    if unit_text is None or (period is None and not problems):
        missing = [w for w, v in (("đơn vị", unit_text), ("kỳ báo cáo", period)) if v is None]
        raise FileRejected(
            f"Không xác định được {' và '.join(missing)} của biểu thống kê: ghi ở phần tiêu đề "
            "(ví dụ 'Đơn vị: UBND Phường Bến Nghé', 'Kỳ báo cáo: Tháng 6/2023') hoặc ở cột "
            "'Đơn vị', 'Kỳ báo cáo'."
        )
    for problem in problems:
        issues.append(RowIssue(total_row, _label(table, col, "period"), None, f"Kỳ {problem}."))
    scope = nz._scope(unit_text, units, refs)
    bad_rows = sorted({i.row for i in issues if i.row is not None and i.row != total_row})
    if bad_rows:
        issues.append(
            RowIssue(
                total_row,
                _label(table, col, "field"),
                nz.as_text(frame.at[total_index, "field"]),
                "Chưa tính được chỉ số từ biểu vì các dòng "
                + ", ".join(str(r) for r in bad_rows)
                + " có lỗi. Sửa các dòng đó rồi nộp lại.",
            )
        )
    records = _derived(frame.loc[total_index, numeric], scope, period, total_row)
    out = pd.DataFrame.from_records(records, columns=list(columns.INDICATOR_FRAME))
    column_map = {"scope": _label(table, col, "unit"), "period": _label(table, col, "period")}
    return nz.Normalized(columns.INDICATOR, out, column_map, issues, raw_rows)
