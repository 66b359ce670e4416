"""The conformance table and the presets cannot drift apart: what a row quotes is the
presets' value, every preset value is quoted, and every test a row names exists."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from kabinet.presets.conformance import (
    STATUSES,
    TableError,
    counts,
    preset_facts,
    quoted_facts,
    read_rows,
    read_table,
    reference_parts,
)
from kabinet.presets.regimes import PRESETS

ROOT = Path(settings.BASE_DIR)
TABLE = ROOT / "docs" / "conformance.md"


def test_every_seed_has_its_clauses_and_every_row_a_known_status() -> None:
    rows = read_table(TABLE)
    seeds = sorted(path.name[:3] for path in (ROOT.parent / "shared" / "seeds").glob("0*.txt"))
    assert sorted(counts(rows)) == (seeds or ["000", "001", "002", "003", "004"])
    assert all(row.status in STATUSES for row in rows)
    assert all(row.clause and row.kabinet for row in rows)


def test_every_yes_names_a_test_and_every_named_test_exists() -> None:
    missing: list[str] = []
    for row in read_table(TABLE):
        if row.status == "yes":
            assert row.shown_by, f"seed {row.seed} «{row.clause}» says yes and names no test"
        for reference in row.shown_by:
            path, name = reference_parts(reference)
            source = ROOT / path
            if not source.is_file() or not re.search(
                rf"^def {name}\(", source.read_text(encoding="utf-8"), re.MULTILINE
            ):
                missing.append(reference)
    assert missing == []


def test_the_table_quotes_exactly_the_presets_values() -> None:
    quoted = quoted_facts(read_table(TABLE))
    actual = preset_facts(PRESETS.values())
    assert sorted(map(str, quoted - actual)) == [], "quoted in the table, not in the presets"
    assert sorted(map(str, actual - quoted)) == [], "in the presets, quoted by no row"


def test_a_changed_number_in_the_table_is_caught() -> None:
    text = TABLE.read_text(encoding="utf-8").replace(
        "`target crm_corp P1-4 reaction 4 hours business`",
        "`target crm_corp P1-4 reaction 5 hours business`",
    )
    quoted = quoted_facts(read_rows(text))
    actual = preset_facts(PRESETS.values())
    assert ("target", "crm_corp", 1, "reaction", 5, "hours", "business") in quoted - actual
    assert ("target", "crm_corp", 1, "reaction", 4, "hours", "business") in actual - quoted


def test_a_row_out_of_shape_is_refused_by_line() -> None:
    with pytest.raises(TableError, match="line 2"):
        read_rows("## Seed 000 — x\n| a | maybe | b | — |\n")
    with pytest.raises(TableError, match="four cells"):
        read_rows("## Seed 000 — x\n| a | yes | b |\n")
    with pytest.raises(TableError, match="test_<name>"):
        reference_parts("kabinet/x.py")


def test_the_command_prints_the_count_per_seed() -> None:
    out = io.StringIO()
    call_command("conformance", stdout=out)
    lines = out.getvalue().splitlines()
    per_seed = counts(read_table(TABLE))
    for seed, counted in per_seed.items():
        (line,) = [line for line in lines if line.startswith(seed)]
        figures = [int(f) for f in line.split()[1:]]
        assert figures == [*(counted[s] for s in STATUSES), sum(counted.values())]
    assert lines[-1].split()[-1] == str(sum(sum(c.values()) for c in per_seed.values()))
