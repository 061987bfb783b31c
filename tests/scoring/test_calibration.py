"""The measurement model is calibrated: data drawn from the model it assumes get intervals that cover the truth
as often as they claim (a small, seeded run of bench/calibration.py; the bench runs the big one)."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from assess import load_rubric
from assess.scoring import measurement as mm

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def cal():
    spec = importlib.util.spec_from_file_location("bench_calibration", BENCH / "calibration.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being built
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


@pytest.fixture(scope="module")
def rubric():
    return load_rubric("un_guidance")


def test_generator_gives_the_pooled_mean_the_variance_the_engine_claims(cal, rubric):
    """Checks the simulation against the engine: over many draws of one structure's errors, the engine's pooled
    mean has a variance within 15% of 1 / pooled precision, so the posterior's likelihood is close to the data's
    true distribution. (The generator shares error on the scale of each group's best report; the engine's shares
    approximate that covariance rather than invert it, which is what keeps them monotone: docs/method.md §2.)"""
    model = cal.Model.of(rubric)
    rng = np.random.default_rng(3)
    for rho_e, rho_s in ((model.event_correlation, model.source_correlation), (0.0, 0.0), (0.6, 0.2)):
        for _ in range(4):
            s = cal.draw_structure(rng, model, sources=(1, 3), events=(1, 4), reports=(1, 3))
            readings = mm.Readings.of(cal.observations(s, np.zeros(len(s.sd))))
            # the engine's pooling order, as indices of the simulated reports (their ids end in the index)
            order = [int(oid[-3:]) for oid in readings.ids]
            assert np.allclose(1.0 / np.sqrt(readings.precision), s.sd[order], rtol=1e-12)
            errors = cal.draw_errors(rng, s, rho_e, rho_s, size=40_000)[:, order]
            mean, precision = mm.pool(dataclasses.replace(readings, levels=errors), rho_e, rho_s)
            assert abs(mean.mean()) < 4.0 / np.sqrt(float(precision) * 40_000)
            assert mean.var() * float(precision) == pytest.approx(1.0, abs=0.15)


def test_criterion_intervals_are_calibrated(cal, rubric):
    results = cal.simulate_criteria(600, seed=20240601, rubric=rubric)
    row = cal.Row.of("all", results)
    assert 0.85 <= row.cover90 <= 0.95, row
    assert 0.60 <= row.cover68 <= 0.76, row
    assert abs(row.bias) < 3.0, row


def test_calibrated_where_correlation_matters_most(cal, rubric):
    """Few sources, many equally graded reports: the design effects carry the whole interval width."""
    row = cal.Row.of("all", cal.simulate_criteria(400, seed=5, rubric=rubric, nest=cal.CONTROL_NEST))
    assert 0.85 <= row.cover90 <= 0.95 and 0.60 <= row.cover68 <= 0.76 and abs(row.bias) < 3.0, row


def test_calibration_fails_when_correlation_is_ignored(cal, rubric):
    """The check can fail: the same correlated data pooled as if every reading were independent give intervals
    far too narrow."""
    row = cal.Row.of("all", cal.simulate_criteria(400, seed=5, rubric=rubric, pool_correlation=(0.0, 0.0),
                                                 nest=cal.CONTROL_NEST))
    assert row.cover90 < 0.78 and row.cover68 < 0.55, row
    assert not row.met


def test_overall_intervals_are_calibrated(cal, rubric):
    overall, fundamentals, _ = cal.simulate_cases(60, seed=9, rubric=rubric)
    row = cal.Row.of("overall", overall)
    assert 0.80 <= row.cover90 <= 0.98 and abs(row.bias) < 3.0, row  # 60 cases: binomial sd about 0.04
    assert cal.Row.of("fundamentals", fundamentals).met
