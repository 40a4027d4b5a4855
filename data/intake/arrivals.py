"""When files reached the district: the time given for a paper report entered later.

A report counts as on time or late from the moment it reached the system. A report that
came on paper (or by e-mail) and is typed in later is loaded with the time it really
arrived: ``--received-at`` for every file of one command, or ``--arrivals FILE`` naming
each file's time. The arrivals file is YAML, one line per file name::

    # Thời điểm đến của từng tệp (giờ Việt Nam)
    bao-cao_BN_2023-Q1.xlsx: "05/04/2023 09:15"
    bao-cao_BT_2023-Q1.xlsx: "2023-04-04 16:40"
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")


class ArrivalError(ValueError):
    """An arrival time or an arrivals file a person must correct (message in Vietnamese)."""


def parse_time(text: str, now: dt.datetime | None = None) -> dt.datetime:
    """A time written ``dd/mm/yyyy [hh:mm]`` or ISO (``2023-04-05 09:15``); not in the future.

    Raises:
        ArrivalError: the text is no date, or names a time still to come.
    """
    value = str(text).strip()
    parsed = None
    for fmt in FORMATS:
        try:
            parsed = dt.datetime.strptime(value, fmt)
            break
        except ValueError:
            continue
    if parsed is None:
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ArrivalError(
                f"Thời điểm nhận '{value}' không đọc được. "
                "Hãy ghi theo dạng ngày/tháng/năm giờ:phút, ví dụ 05/04/2023 09:15."
            ) from None
    parsed = parsed.replace(tzinfo=None)
    if parsed > (now or dt.datetime.now()):
        raise ArrivalError(
            f"Thời điểm nhận {parsed:%d/%m/%Y %H:%M} còn ở tương lai. "
            "Hãy ghi thời điểm tệp thực sự đến."
        )
    return parsed


def read_arrivals(path: str | Path, now: dt.datetime | None = None) -> dict[str, dt.datetime]:
    """File name → arrival time, from an arrivals file (see the module docstring).

    Raises:
        ArrivalError: the file is missing or unreadable, or a line's time is wrong
            (the message names the file name of that line).
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArrivalError(f"Không tìm thấy tệp thời điểm nhận {path.name}.") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ArrivalError(
            f"Tệp thời điểm nhận {path.name} không đọc được ({exc.__class__.__name__}). "
            'Mỗi dòng phải là: tên tệp: "ngày/tháng/năm giờ:phút".'
        ) from None
    if not isinstance(data, dict):
        raise ArrivalError(
            f"Tệp thời điểm nhận {path.name} phải có mỗi dòng dạng "
            'tên tệp: "ngày/tháng/năm giờ:phút".'
        )
    out = {}
    for name, value in data.items():
        text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
        try:
            out[Path(str(name)).name] = parse_time(text, now)
        except ArrivalError as exc:
            raise ArrivalError(f"{path.name}, dòng của tệp {name}: {exc}") from None
    return out
