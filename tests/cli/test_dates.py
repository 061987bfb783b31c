"""Every command reads dates the same way: YYYY-MM-DD, or YYYY-MM / YYYY meaning their last day."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from assess.commands.dates import as_of_date
from conftest import RUSSIA, run_cli


@pytest.mark.parametrize(("text", "expected"), [
    ("2020-09-27", date(2020, 9, 27)), ("2020-02", date(2020, 2, 29)), ("1994", date(1994, 12, 31)),
])
def test_as_of_dates(text, expected):
    assert as_of_date(text) == expected


@pytest.mark.parametrize("text", ["1994-13-01", "2021-02-30", "1990/1991", "soon", ""])
def test_bad_dates_are_refused_with_the_accepted_forms(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        as_of_date(text)


def test_compare_slices_accept_years():
    result = run_cli("compare", str(RUSSIA), "--slices", "1994,2008-12,2020-12-31", "--format", "json", "--draws", "0")
    assert result.exit_code == 0, result.output
    assert [c["as_of"] for c in json.loads(result.stdout)["columns"]] == ["1994-12-31", "2008-12-31", "2020-12-31"]


def test_bad_slice_is_a_usage_error():
    result = run_cli("compare", str(RUSSIA), "--slices", "1994,2021-02-30")
    assert result.exit_code == 2 and "2021-02-30" in result.output


def test_batch_as_of_accepts_a_year(tmp_path):
    out = tmp_path / "out.csv"
    result = run_cli("batch", str(RUSSIA), "-o", str(out), "--as-of", "2000", "--draws", "0")
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["as_of"] for r in rows] == ["2000-12-31"]
