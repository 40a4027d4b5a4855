"""Sample dossier registers: the committed 2023 register of two wards, and larger ones on demand.

The committed register (``<year>/mau_so-ho-so_<ward>_<year>-H1|H2.csv.gz``) is built dossier
by dossier from the same monthly figures the wards report in the sample
(``generate._scope_series``), so the values derived from it equal the reported ones,
except in the scope-months of ``DIFFERENCES``, where the register deliberately tells a
different story (the Đối chiếu hồ sơ page shows them). Each ward has two exports: the
first half-year as of 30/06 (dossiers still pending then have no result) and the second
as of 31/12, which repeats the June dossiers resolved in July with their result.

``scale_register`` writes a synthetic register of District 1's scopes at district scale
(about 600,000 dossiers a year) or city scale (about 12 million), one CSV per month, with
DuckDB, for the benchmark (``make bench``) and for trying the loading at size.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from checks.numbers import fmt_number
from data import catalog
from data.catalog import columns

SCOPES = ("COL", "CK")  # the two smallest wards keep the committed register small
PREFIX = "mau_so-ho-so"
# (scope, month) -> (what differs, by how much): the register against the ward's report.
DIFFERENCES = {
    ("CK", 5): ("online", -12),  # fewer online dossiers than reported
    ("COL", 8): ("late", 3),  # three more late results than reported
    ("CK", 10): ("paid_online", -9),  # fewer online payments than reported
}
# (field, procedure, fee in đồng, working days to resolve)
PROCEDURES = (
    ("Hộ tịch", "Đăng ký khai sinh", 0, 1),
    ("Hộ tịch", "Đăng ký kết hôn", 0, 3),
    ("Hộ tịch", "Đăng ký khai tử", 0, 1),
    ("Hộ tịch", "Cấp bản sao trích lục hộ tịch", 8000, 1),
    ("Chứng thực", "Chứng thực bản sao từ bản chính", 2000, 1),
    ("Chứng thực", "Chứng thực chữ ký", 10000, 1),
    ("Chứng thực", "Chứng thực hợp đồng, giao dịch", 50000, 2),
    ("Thi đua - khen thưởng", "Xét tặng giấy khen", 0, 5),
    ("Bảo trợ xã hội", "Xác nhận hộ nghèo, hộ cận nghèo", 0, 5),
    ("Văn hóa", "Xác nhận gia đình văn hóa", 0, 5),
    ("Xây dựng", "Cấp phép sửa chữa nhà ở", 75000, 10),
)
FREE = tuple(p for p in PROCEDURES if p[2] == 0)
PAID = tuple(p for p in PROCEDURES if p[2] > 0)
CHANNEL_WORDS = {
    "online_full": "Trực tuyến toàn trình",
    "online_partial": "Trực tuyến một phần",
    "direct": "Trực tiếp",
    "postal": "Bưu chính công ích",
}
OPEN, CLOSE = 7.5, 17.0  # office hours


@dataclass
class Dossier:
    code: str
    procedure: tuple
    received: dt.datetime
    due: dt.datetime
    channel: str
    paid: bool = False
    paid_online: bool = False
    result: dt.datetime | None = None
    apology: bool = False


def _month_end(year: int, month: int) -> dt.datetime:
    return dt.datetime(year, month, calendar.monthrange(year, month)[1], 17, 0)


def _at(day: dt.date, rng, lo: float = OPEN, hi: float = CLOSE) -> dt.datetime:
    minutes = int(rng.uniform(lo, hi) * 60)
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)


def _workdays(year: int, month: int) -> list[dt.date]:
    days = calendar.monthrange(year, month)[1]
    return [
        dt.date(year, month, d) for d in range(1, days + 1) if dt.date(year, month, d).weekday() < 5
    ]


def _figures(series: dict, month) -> dict[str, int]:
    def part(code: str, attr: str) -> int:
        value = series[code].get(month)
        return int(getattr(value, attr) or 0) if value is not None else 0

    return {
        "received": part("hs_truc_tuyen", "denominator"),
        "online": part("hs_truc_tuyen", "numerator"),
        "paid": part("ttdt_tthc", "denominator"),
        "paid_online": part("ttdt_tthc", "numerator"),
        "resolved": part("hs_dung_han", "denominator"),
        "late": part("hs_tre_han", "value"),
        "apology": part("hs_tre_han_xin_loi", "numerator"),
        "pending_overdue": part("hs_dang_qua_han", "value"),
    }


def _dossiers(code: str, year: int) -> list[Dossier]:
    """Every dossier of one ward in the year, matching its reported monthly figures."""
    from data.sample.generate import _Month, _rng, _scope_series

    rng = _rng("register", code)
    series = _scope_series(code, False, year)
    out: list[Dossier] = []
    carry: list[Dossier] = []  # received earlier, not yet resolved
    for month in range(1, 13):
        f = _figures(series, _Month(year, month))
        what, delta = DIFFERENCES.get((code, month), (None, 0))
        if what:
            f[what] = max(0, f[what] + delta)
        days = _workdays(year, month)
        end = _month_end(year, month)
        received = sorted(_at(rng.choice(days), rng) for _ in range(f["received"]))
        index = list(range(len(received)))
        online = set(rng.sample(index, min(f["online"], len(index))))
        paid = rng.sample(index, min(f["paid"], len(index)))
        paid_online = set(paid[: f["paid_online"]])
        paid = set(paid)
        new = []
        for i, at in enumerate(received):
            procedure = rng.choice(PAID if i in paid else FREE)
            if i in online:
                channel = "online_full" if rng.random() < 0.7 else "online_partial"
            else:
                channel = "direct" if rng.random() < 0.9 else "postal"
            seq = len(out) + len(new) + 1
            new.append(
                Dossier(
                    code=f"{code}-{at:%y%m%d}-{seq:05d}",
                    procedure=procedure,
                    received=at,
                    due=at + dt.timedelta(days=procedure[3] + rng.randint(0, 2)),
                    channel=channel,
                    paid=i in paid,
                    paid_online=i in paid_online,
                )
            )
        # Carried dossiers are resolved first (past-due ones late), then the earliest new.
        past_due = [d for d in carry if d.due < dt.datetime(year, month, 1)]
        for d in carry:
            start = dt.datetime(year, month, 1, 8, 0)
            if d in past_due:
                d.result = start + dt.timedelta(hours=rng.randint(24, 96))
            else:
                d.result = start + (d.due - start) * rng.uniform(0.1, 0.9)
        own_count = max(0, f["resolved"] - len(carry))
        own, leftover = new[:own_count], new[own_count:]
        late_needed = max(0, f["late"] - len(past_due))
        candidates = [d for d in own if d.received <= end - dt.timedelta(days=4)]
        late = set(map(id, rng.sample(candidates, min(late_needed, len(candidates)))))
        for d in own:
            if id(d) in late:
                d.due = d.received + dt.timedelta(days=1)
                d.result = d.due + (end - d.due) * rng.uniform(0.1, 0.9)
            else:
                limit = min(d.due, end)
                d.result = d.received + (limit - d.received) * rng.uniform(0.2, 0.95)
        late_ones = past_due + [d for d in own if id(d) in late]
        for d in rng.sample(late_ones, min(f["apology"], len(late_ones))):
            d.apology = True
        # Of the dossiers left at the month's end, some are already past due.
        overdue = set(map(id, leftover[: f["pending_overdue"]]))
        for d in leftover:
            if id(d) in overdue:
                d.due = min(d.received + dt.timedelta(hours=3), end.replace(hour=23))
            elif d.due < end + dt.timedelta(days=2):  # due well into next month
                d.due = end + dt.timedelta(days=rng.randint(2, 5))
        out.extend(new)
        carry = leftover
    return out


def _row(d: Dossier, unit: catalog.Unit, as_of: dt.datetime) -> list[str]:
    done = d.result is not None and d.result <= as_of
    returned = (d.result + dt.timedelta(days=1 if d.result.hour >= 16 else 0)) if done else None
    if returned and returned > as_of:
        returned = d.result
    return [
        d.code,
        d.procedure[0],
        d.procedure[1],
        unit.name,
        f"{d.received:%d/%m/%Y %H:%M}",
        f"{d.due:%d/%m/%Y %H:%M}",
        f"{d.result:%d/%m/%Y %H:%M}" if done else "",
        f"{returned:%d/%m/%Y}" if done else "",
        CHANNEL_WORDS[d.channel],
        fmt_number(d.procedure[2]) if d.paid else "",
        ("Có" if d.paid_online else "Không") if d.paid else "",
        "Đã trả kết quả" if done else "Đang giải quyết",
        ("Có" if d.apology else "Không") if done and d.result > d.due else "",
    ]


def _csv_gz(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return gzip.compress(out.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def committed_files(year: int) -> dict[str, bytes]:
    """The committed register files: name (under the sample folder) -> bytes."""
    header = list(catalog.load().inputs.kind(columns.REGISTER).headers().values())
    units = {u.code: u for u in catalog.load_units()}
    files = {}
    for code in SCOPES:
        dossiers = _dossiers(code, year)
        mid = dt.datetime(year, 6, 30, 23, 59)
        end = dt.datetime(year, 12, 31, 23, 59)
        first = [_row(d, units[code], mid) for d in dossiers if d.received <= mid]
        second = [
            _row(d, units[code], end)
            for d in dossiers
            if d.received > mid or (d.result is not None and d.result > mid)
        ]
        files[f"{year}/{PREFIX}_{code}_{year}-H1.csv.gz"] = _csv_gz(header, first)
        files[f"{year}/{PREFIX}_{code}_{year}-H2.csv.gz"] = _csv_gz(header, second)
    return files


def readme_lines(year: int, files: dict[str, bytes]) -> list[str]:
    """The README section describing the committed register."""
    lines = [
        "## Dossier register",
        "",
        f"`{year}/{PREFIX}_<ward>_{year}-H1|H2.csv.gz`: the register of wards "
        f"{', '.join(f'`{s}`' for s in SCOPES)}, one row per dossier, built from the same "
        "monthly figures the wards report, so the derived values equal the reported ones, "
        "except (deliberately, for the Đối chiếu hồ sơ page):",
        "",
    ]
    words = {
        "online": "online dossiers",
        "late": "late results",
        "paid_online": "online payments",
    }
    for (scope, month), (what, delta) in DIFFERENCES.items():
        lines.append(f"- `{scope}` {month:02d}/{year}: {delta:+d} {words[what]} in the register.")
    lines += [
        "",
        "A dossier a ward reports as pending past due at a month's end is resolved late the "
        "month after; where the ward reported no late result that month, the register counts "
        "one more (a few scope-months; they show on the page too). "
        "The H1 file is the export of 30/06 (dossiers pending then have no result); the H2 "
        "file repeats the June dossiers resolved in July with their result. "
        f"{sum(len(b) for b in files.values()) / 1024:.0f} KB compressed.",
        "Larger registers on demand (outside the repository): "
        "`python -m data.sample --register-scale district|city --out DIR`.",
        "",
    ]
    return lines


# --------------------------------------------------------------------------- at scale

SCALES = {"district": 600_000, "city": 12_000_000}


def scale_register(out: Path, scale: str, year: int = 2023, rows: int | None = None) -> list[Path]:
    """Write a synthetic register of ``SCALES[scale]`` dossiers, one CSV per month.

    Rows are spread over District 1's reporting scopes by their sample volumes; about 0.6 %
    are late (most with an apology), about a third pay a fee (about 60 % online), the last
    month keeps some pending. Generated by DuckDB from hashes of the row number: the same
    files every run, a few seconds for the city scale.
    """
    from data.sample.generate import DISTRICT_VOLUME, WARD_VOLUME
    from data.store import db

    out.mkdir(parents=True, exist_ok=True)
    units = catalog.load_units()
    district = next(u for u in units if u.kind == "district")
    weights = [(district.name, DISTRICT_VOLUME)] + [
        (u.name, WARD_VOLUME.get(u.code, 700)) for u in units if u.kind == "ward"
    ]
    total = sum(w for _, w in weights)
    bounds, lo = [], 0
    for name, w in weights:
        bounds.append((name, lo, lo + w))
        lo += w
    headers = catalog.load().inputs.kind(columns.REGISTER).headers()
    q = {k: '"' + h.replace('"', '""') + '"' for k, h in headers.items()}
    per_month = (rows or SCALES[scale]) // 12
    con = db.scratch()
    con.execute("create table scope (name varchar, lo integer, hi integer)")
    con.executemany("insert into scope values (?, ?, ?)", bounds)
    written = []
    for month in range(1, 13):
        path = out / f"so-ho-so_{scale}_{year}-{month:02d}.csv"
        days = calendar.monthrange(year, month)[1]
        con.execute(
            f"""
            copy (
                with base as (
                    select i, hash(i, {month}, 'a') as h1, hash(i, {month}, 'b') as h2
                    from range({per_month}) as t(i)
                ),
                rows as (
                    select
                        b.*,
                        s.name as scope,
                        make_timestamp({year}, {month}, 1 + (h2 % {days})::integer,
                            8 + ((h2 >> 8) % 9)::integer, ((h2 >> 16) % 60)::integer, 0)
                            as received_at,
                        1 + (h1 >> 8) % 10 as days,
                        (h1 >> 20) % 1000 < 6 as is_late,
                        {month} = 12 and (h1 >> 44) % 100 < 3 as is_pending,
                        (h2 >> 24) % 100 as channel_pick,
                        (h1 >> 30) % 100 < 32 as is_paid
                    from base as b
                    inner join scope as s on (b.h1 % {total}) >= s.lo and (b.h1 % {total}) < s.hi
                ),
                timed as (
                    select
                        *,
                        received_at + to_days(days::integer) as due_at,
                        case
                            when is_pending then null
                            when is_late then received_at + to_days(days::integer + 1
                                + ((h2 >> 36) % 5)::integer)
                            else received_at + to_hours((days * 24 * ((h2 >> 40) % 90 + 5)
                                / 100)::integer)
                        end as result_at
                    from rows
                )
                select
                    printf('DS{year % 100:02d}{month:02d}-%08d', i) as {q["dossier_code"]},
                    'Hộ tịch' as {q["field"]},
                    'Đăng ký khai sinh' as {q["procedure"]},
                    scope as {q["scope"]},
                    strftime(received_at, '%d/%m/%Y %H:%M') as {q["received_at"]},
                    strftime(due_at, '%d/%m/%Y %H:%M') as {q["due_at"]},
                    strftime(result_at, '%d/%m/%Y %H:%M') as {q["result_at"]},
                    strftime(result_at, '%d/%m/%Y') as {q["returned_on"]},
                    case
                        when channel_pick < 55 then 'Trực tuyến toàn trình'
                        when channel_pick < 75 then 'Trực tuyến một phần'
                        when channel_pick < 97 then 'Trực tiếp'
                        else 'Bưu chính công ích'
                    end as {q["channel"]},
                    case when is_paid then '50.000' end as {q["fee"]},
                    case when is_paid then
                        case when (h2 >> 48) % 100 < 60 then 'Có' else 'Không' end
                    end as {q["paid_online"]},
                    case when result_at is null then 'Đang giải quyết'
                        else 'Đã trả kết quả' end as {q["status"]},
                    case when is_late and result_at is not null then
                        case when (h1 >> 52) % 10 < 8 then 'Có' else 'Không' end
                    end as {q["apology"]}
                from timed
                order by i
            ) to '{str(path).replace("'", "''")}' (header, delimiter ',')
            """
        )
        written.append(path)
    con.close()
    return written
