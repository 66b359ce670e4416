"""Adding a newly published year to the bundled production calendar (``kabinet calendar
import FILE.xml``): validate the file completely, then copy it in unchanged."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kabinet.worktime.production.norms import norm_of_year
from kabinet.worktime.production.registry import (
    DATA_DIR,
    check_calendar_name,
    russian_calendar,
)
from kabinet.worktime.production.xml_format import parse_calendar_xml


def import_year_file(path: str, name: str = "ru", *, data_dir: Path = DATA_DIR) -> str:
    """Validate ``path`` and save it as ``<data_dir>/<name>/YYYY.xml``, replacing that year.

    Returns a one-line message with the year's norm, for the operator to compare with the
    published figures. Raises ``ValueError`` (with the line number when the content is at
    fault) and writes nothing if the file is refused. Decree days are only recognised when
    marked with ``kabinet-decree`` (see ``xml_format``); other ``t="1"`` days are days off.
    """
    check_calendar_name(name)
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise ValueError(f"cannot read {path}: {error.strerror or error}") from None
    published = parse_calendar_xml(data, source=source.name)
    if published.country is not None and published.country != name:
        raise ValueError(
            f"{source.name}: the file is for country {published.country!r}, "
            f"not the {name!r} production calendar"
        )
    target = data_dir / name / f"{published.year}.xml"
    replaced = target.exists()
    _write_atomically(target, data)
    russian_calendar.cache_clear()
    norm = norm_of_year(published)
    verb = "replaced" if replaced else "saved to"
    return (
        f"{published.year}: {norm.working_days} working days, {norm.hours} hours "
        f"(40-hour week); {verb} {target}"
    )


def _write_atomically(target: Path, data: bytes) -> None:
    # A half-written file would make every later load of the calendar fail.
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
