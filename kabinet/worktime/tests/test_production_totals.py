"""Each bundled year must reproduce the norm published with its decree."""

from __future__ import annotations

import pytest

from kabinet.worktime.production.norms import YearNorm, norm_of_year
from kabinet.worktime.production.registry import DATA_DIR, load_year_file

# Working days and hours of a 40-hour week per year, as published by the Ministry of Labour
# with each government decree on moving days off (постановления Правительства РФ
# от 01.10.2018 № 1163, 10.07.2019 № 875, 10.10.2020 № 1648, 16.09.2021 № 1564,
# 29.08.2022 № 1505, 10.08.2023 № 1314, 04.10.2024 № 1335, 24.09.2025; 2027: the decree on
# moving days off in 2027, figures derived from its transfers and pre-holiday days).
# 2020 and 2021 are the figures before the presidential decrees on non-working days.
PUBLISHED_NORMS = {
    2019: YearNorm(247, 1970),
    2020: YearNorm(248, 1979),
    2021: YearNorm(247, 1972),
    2022: YearNorm(247, 1973),
    2023: YearNorm(247, 1973),
    2024: YearNorm(248, 1979),
    2025: YearNorm(247, 1972),
    2026: YearNorm(247, 1972),
    2027: YearNorm(247, 1972),
}


@pytest.mark.parametrize("year", sorted(PUBLISHED_NORMS))
def test_bundled_year_matches_the_published_norm(year: int) -> None:
    published = load_year_file(DATA_DIR / "ru" / f"{year}.xml")
    assert norm_of_year(published) == PUBLISHED_NORMS[year]


def test_every_bundled_file_has_a_published_norm_to_check() -> None:
    bundled = {int(path.stem) for path in (DATA_DIR / "ru").glob("*.xml")}
    assert bundled == set(PUBLISHED_NORMS)
