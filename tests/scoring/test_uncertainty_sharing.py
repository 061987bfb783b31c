"""The joint analysis pools each distinct row of a criterion's inputs once (docs/method.md §7, "Cost"): sharing
repeated rows must never change a number, only how often the same pooling is done."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from assess.loading import open_case
from assess.scoring import uncertainty as unc
from assess.scoring.composite import Frame, StateCache, criterion_states
from assess.scoring.evidence import prepare
from scoring_builders import item, make_case, make_rubric

SMALL_VALUES = st.sampled_from([0.0, 0.25, 1.0, 4.0, 50.0])


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 40), st.integers(1, 6)), elements=SMALL_VALUES))
def test_distinct_rows_groups_exactly_the_equal_rows(key):
    first, inverse = unc._distinct_rows(key)
    assert np.array_equal(key[first][inverse], key)  # every row is represented by a row equal to it
    assert len(first) == len(np.unique(key, axis=0))  # and no two distinct rows share, no equal rows split


def test_rows_the_projection_merges_are_told_apart(monkeypatch):
    """Two different rows with the same projection (forced here) are still kept apart."""
    key = np.array([[1.0, 2.0], [2.0, 1.0], [1.0, 2.0]])
    monkeypatch.setattr(unc.np.random, "default_rng", lambda seed: _Ones())
    first, inverse = unc._distinct_rows(key)
    assert np.array_equal(key[first][inverse], key) and len(first) == 2


class _Ones:
    def uniform(self, low, high, size):
        return np.ones(size)  # [1, 2] and [2, 1] project to the same number


def _model(case, rubric):
    frame = Frame.build(case, rubric)
    index = {cid: i for i, cid in enumerate(frame.criterion_ids)}
    items = [i for i in prepare(case, rubric.weighting, index, rubric.measurement, frame.max_level) if not i.background]
    states = criterion_states(frame, items, case.ratings, StateCache())
    return unc.Model(frame, rubric, states, {i.id: i for i in items}), unc.groups(frame, rubric, items)


def _row_by_row(model, design, seed, n):
    """The design evaluated one row at a time: no row can share anything with another."""
    rows = unc.saltelli_rows(design, seed, n)
    total = n * (2 + len(design))
    return np.concatenate([unc.evaluate(model, {k: v[r:r + 1] for k, v in rows.items()}, design, 1)
                           for r in range(total)])


def test_the_whole_design_at_once_equals_every_row_alone():
    case = make_case([
        item("e1", {"balance": 3}), item("e2", {"balance": -1}, source="s_f"),
        item("e3", {"consent": 1}, kind="analysis"), item("e4", {"ties": -3}, kind="structural_tie"),
        item("e5", {"balance": 2}, source="s_b", credibility=6),
    ])
    model, design = _model(case, make_rubric(min_items=1))
    at_once = unc.run_design(model, design, 12345, 8)
    assert np.allclose(at_once, _row_by_row(model, design, 12345, 8), rtol=0, atol=1e-9, equal_nan=True)


def test_the_russia_design_at_once_equals_its_rows_alone(tmp_path):
    """On the shipped case (21 criteria, 60 sources), a small design, every row checked."""
    from pathlib import Path

    loaded = open_case(Path(__file__).resolve().parents[2] / "cases" / "russia_nk.yaml")
    model, design = _model(loaded.case, loaded.rubric)
    at_once = unc.run_design(model, design, 12345, 4)
    assert np.allclose(at_once, _row_by_row(model, design, 12345, 4), rtol=0, atol=1e-9, equal_nan=True)
