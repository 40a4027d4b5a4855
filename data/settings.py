"""Every ``KPI_*`` environment variable the project reads, declared once, with typed accessors.

The environment is the interface: a deployment (or a test) sets ``KPI_DB=...`` and the
code asks this module, never ``os.environ``. Each setting is declared in ``SETTINGS``
with its type, default and meaning; README.md lists the same table (a test keeps the
two in step). A value that does not parse raises ``SettingError`` naming the variable,
instead of being silently replaced by the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


class SettingError(ValueError):
    """A ``KPI_*`` environment variable holds a value of the wrong type."""


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, type, default and meaning.

    Attributes:
        name: The variable, e.g. ``KPI_DB``.
        type: ``"path"``, ``"int"``, ``"float"``, ``"flag"`` or ``"text"``.
        default: The value used when the variable is unset or empty; ``None`` when the
            code that reads it works the default out (``default_text`` says how).
        meaning: What it controls (shown in README.md).
        default_text: How the default is shown in README.md when ``default`` alone
            does not say it.
    """

    name: str
    type: str
    default: object
    meaning: str
    default_text: str | None = None

    @property
    def shown_default(self) -> str:
        """The default as README.md shows it."""
        if self.default_text:
            return self.default_text
        if self.type == "flag":
            return "1" if self.default else "0"
        if self.type == "path" and isinstance(self.default, Path):
            return str(self.default.relative_to(ROOT))
        return str(self.default)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "KPI_DB",
        "path",
        ROOT / "data" / "warehouse" / "kpi.duckdb",
        "The DuckDB warehouse file (a `--db` option wins over it).",
    ),
    Setting(
        "KPI_ARCHIVE",
        "path",
        None,
        "Folder where submitted files are kept by content hash.",
        "`archive/<database name>` beside the database",
    ),
    Setting(
        "KPI_DB_WAIT",
        "float",
        30.0,
        "Seconds a writer or reader waits for a locked database before giving up.",
        "30",
    ),
    Setting(
        "KPI_DB_THREADS",
        "int",
        None,
        "Threads one DuckDB connection may use; fewer leave cores to other work on a shared "
        "server.",
        "one per core",
    ),
    Setting(
        "KPI_CATALOG",
        "path",
        ROOT / "data" / "catalog",
        "Folder of the catalog YAML files (plan, units, indicators).",
    ),
    Setting(
        "KPI_TARGETS",
        "path",
        ROOT / "metrics" / "targets",
        "Folder of the yearly targets files (`<year>.yaml`); the demo points it at a copy.",
    ),
    Setting(
        "KPI_USERS",
        "path",
        None,
        "The users file (accounts, roles, bcrypt password hashes).",
        "`data/access/users.yaml` (`data/access/users.demo.yaml` in demo mode)",
    ),
    Setting(
        "KPI_DEMO",
        "flag",
        False,
        "Demo mode: the demo accounts may sign in (the app refuses them otherwise).",
    ),
    Setting(
        "KPI_READ_ONLY",
        "flag",
        False,
        "Wall display: every reading page, no sign-in, no upload.",
    ),
    Setting(
        "KPI_SESSION_HOURS",
        "int",
        8,
        "How long a sign-in lasts (across reloads and new tabs), in hours.",
    ),
    Setting(
        "KPI_MAX_FAILED_SIGNINS",
        "int",
        5,
        "Wrong passwords in a row before an account is locked.",
    ),
    Setting(
        "KPI_LOCKOUT_MINUTES",
        "int",
        15,
        "How long a locked account waits, in minutes.",
    ),
    Setting(
        "KPI_MAX_UPLOAD_MB",
        "float",
        10.0,
        "Largest accepted upload, in MB.",
        "10",
    ),
    Setting(
        "KPI_MAX_REGISTER_MB",
        "float",
        4096.0,
        "Largest dossier-register file `kpi ingest` accepts, in MB (read by DuckDB, not in memory).",
        "4096",
    ),
    Setting(
        "KPI_MAX_UNZIPPED_MB",
        "float",
        100.0,
        "Largest total unpacked size of an .xlsx, in MB.",
        "100",
    ),
    Setting(
        "KPI_MAX_ZIP_RATIO",
        "float",
        100.0,
        "Largest compression ratio of one part of an .xlsx.",
        "100",
    ),
    Setting(
        "KPI_CHROMIUM",
        "path",
        Path("/usr/bin/chromium"),
        "The Chromium the briefing and browser tests drive.",
        "/usr/bin/chromium",
    ),
    Setting(
        "KPI_FAULT_POINT",
        "text",
        None,
        "Crash tests only: the ingest or rollback step at which the process kills itself (SIGKILL).",
        "unset",
    ),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def _raw(name: str) -> str | None:
    if name not in BY_NAME:
        raise KeyError(f"{name} is not a declared setting")
    value = os.environ.get(name, "").strip()
    return value or None


def get(name: str) -> object:
    """The typed value of one setting: the environment when set, else its default.

    Args:
        name: A name declared in ``SETTINGS``.

    Returns:
        A ``Path``, ``int``, ``float`` or ``bool``, or ``None`` for an unset setting
        without a fixed default.

    Raises:
        SettingError: The variable is set to something that is not of its type.
        KeyError: ``name`` is not declared.
    """
    value = _raw(name)
    setting = BY_NAME[name]
    if value is None:
        return setting.default
    if setting.type == "text":
        return value
    if setting.type == "path":
        return Path(value)
    if setting.type == "flag":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise SettingError(f"Biến môi trường {name} phải là 1 hoặc 0 (đang là '{value}').")
    try:
        number = int(value) if setting.type == "int" else float(value)
    except ValueError:
        kind = "số nguyên" if setting.type == "int" else "số"
        raise SettingError(
            f"Biến môi trường {name} phải là một {kind} (đang là '{value}')."
        ) from None
    if number < 0:
        raise SettingError(f"Biến môi trường {name} không được âm (đang là '{value}').")
    return number


# --------------------------------------------------------------------------- accessors


def db() -> Path:
    """The warehouse file (``KPI_DB``)."""
    return get("KPI_DB")


def archive() -> Path | None:
    """The raw-file archive folder (``KPI_ARCHIVE``); None: beside the database."""
    return get("KPI_ARCHIVE")


def db_wait() -> float:
    """Seconds to wait for a locked database (``KPI_DB_WAIT``)."""
    return get("KPI_DB_WAIT")


def db_threads() -> int | None:
    """Threads per DuckDB connection (``KPI_DB_THREADS``); None: DuckDB's own, one per core."""
    return get("KPI_DB_THREADS") or None


def catalog() -> Path:
    """Folder of the catalog YAML files (``KPI_CATALOG``)."""
    return get("KPI_CATALOG")


def targets() -> Path:
    """Folder of the yearly targets files (``KPI_TARGETS``)."""
    return get("KPI_TARGETS")


def users() -> Path | None:
    """The users file (``KPI_USERS``); None: the shipped default for the mode."""
    return get("KPI_USERS")


def demo() -> bool:
    """Demo mode (``KPI_DEMO``)."""
    return get("KPI_DEMO")


def read_only() -> bool:
    """Wall display (``KPI_READ_ONLY``)."""
    return get("KPI_READ_ONLY")


def session_hours() -> int:
    """How long a sign-in lasts, in hours (``KPI_SESSION_HOURS``)."""
    return get("KPI_SESSION_HOURS")


def max_failed_signins() -> int:
    """Failed attempts before an account is locked (``KPI_MAX_FAILED_SIGNINS``)."""
    return get("KPI_MAX_FAILED_SIGNINS")


def lockout_minutes() -> int:
    """How long a locked account waits, in minutes (``KPI_LOCKOUT_MINUTES``)."""
    return get("KPI_LOCKOUT_MINUTES")


def max_upload_mb() -> float:
    """Largest accepted upload in MB (``KPI_MAX_UPLOAD_MB``)."""
    return get("KPI_MAX_UPLOAD_MB")


def max_register_mb() -> float:
    """Largest accepted dossier-register file in MB (``KPI_MAX_REGISTER_MB``)."""
    return get("KPI_MAX_REGISTER_MB")


def max_unzipped_mb() -> float:
    """Largest unpacked .xlsx in MB (``KPI_MAX_UNZIPPED_MB``)."""
    return get("KPI_MAX_UNZIPPED_MB")


def max_zip_ratio() -> float:
    """Largest compression ratio of one .xlsx part (``KPI_MAX_ZIP_RATIO``)."""
    return get("KPI_MAX_ZIP_RATIO")


def chromium() -> Path:
    """The Chromium executable (``KPI_CHROMIUM``)."""
    return get("KPI_CHROMIUM")


def fault_point() -> str | None:
    """The ingest or rollback step that kills its own process (``KPI_FAULT_POINT``; tests only)."""
    return get("KPI_FAULT_POINT")
