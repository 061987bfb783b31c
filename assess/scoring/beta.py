"""The Beta distribution in pure Python: regularized incomplete beta, its inverse, and moment matching."""

from __future__ import annotations

import math
from statistics import NormalDist

_TINY = 1e-300
_EPS = 3e-16
# Beyond this a + b (only absurd rubric factors or priors get there) lgamma loses all precision; the Beta is then
# indistinguishable from a normal distribution with its mean and variance at the 2 decimals reports show.
_NORMAL_BEYOND = 1e7


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _continued_fraction(x: float, a: float, b: float) -> float:
    """Lentz's evaluation of the continued fraction for I_x(a, b) (converges fast for x < (a+1)/(a+b+2))."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        step = d * c
        h *= step
        if abs(step - 1.0) < _EPS:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """P(X <= x) for X ~ Beta(a, b): the regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if a + b > _NORMAL_BEYOND:
        mean, var = beta_mean_var(a, b)
        if var <= 0.0:
            return 1.0 if x >= mean else 0.0
        return 0.5 * math.erfc((mean - x) / math.sqrt(2.0 * var))
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b))
    # Use the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges faster.
    if x < (a + 1.0) / (a + b + 2.0):
        return min(1.0, front * _continued_fraction(x, a, b) / a)
    return max(0.0, 1.0 - front * _continued_fraction(1.0 - x, b, a) / b)


def _log_pdf(x: float, a: float, b: float) -> float:
    return (a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x) - _log_beta(a, b)


def beta_ppf(p: float, a: float, b: float) -> float:
    """The p-quantile of Beta(a, b): Halley steps on the CDF, kept inside a shrinking bisection bracket."""
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    if a + b > _NORMAL_BEYOND:
        mean, var = beta_mean_var(a, b)
        return min(max(NormalDist(mean, math.sqrt(var) or 1e-300).inv_cdf(p), 0.0), 1.0)
    lo, hi = 0.0, 1.0
    x = min(max(_first_guess(p, a, b), 1e-6), 1.0 - 1e-6)
    for _ in range(200):
        f = beta_cdf(x, a, b) - p
        if f == 0.0:
            return x
        if f < 0.0:
            lo = x
        else:
            hi = x
        halley = False
        try:
            step = f / math.exp(_log_pdf(x, a, b))
            # Halley's correction (the pdf's log-derivative is cheap): cubic rather than quadratic convergence.
            curvature = step * ((a - 1.0) / x - (b - 1.0) / (1.0 - x))
            if abs(curvature) < 1.0:
                step /= 1.0 - 0.5 * curvature
                halley = True
        except (OverflowError, ValueError, ZeroDivisionError):
            step = math.inf
        if abs(step) < 1e-13 or (halley and abs(step) < 1e-7 * min(x, 1.0 - x)):
            # Converged: a Halley step this small, relative to the distance from 0 or 1, leaves a far smaller
            # error, so the CDF need not be evaluated again. Newton approaches from one side: the bracket's far
            # end may still be 0 or 1.
            return min(max(x - step, lo), hi)
        candidate = x - step
        if not (lo < candidate < hi):
            candidate = 0.5 * (lo + hi)
        if hi - lo < 1e-13:
            return candidate
        x = candidate
    return x


def _first_guess(p: float, a: float, b: float) -> float:
    """A starting point for beta_ppf, usually within 1e-3 of the quantile (Numerical Recipes, 3rd ed., 6.14:
    a normal approximation on the logit scale when a, b >= 1, else the power-law behaviour of each tail)."""
    try:
        if a >= 1.0 and b >= 1.0:
            pp = p if p < 0.5 else 1.0 - p
            t = math.sqrt(-2.0 * math.log(pp))
            z = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t
            if p < 0.5:
                z = -z
            al = (z * z - 3.0) / 6.0
            h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0))
            w = z * math.sqrt(al + h) / h - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (al + 5.0 / 6.0 - 2.0 / (3.0 * h))
            return a / (a + b * math.exp(2.0 * w))
        lna, lnb = math.log(a / (a + b)), math.log(b / (a + b))
        t, u = math.exp(a * lna) / a, math.exp(b * lnb) / b
        w = t + u
        if p < t / w:
            return (a * w * p) ** (1.0 / a)
        return 1.0 - (b * w * (1.0 - p)) ** (1.0 / b)
    except (OverflowError, ValueError, ZeroDivisionError):
        # Out of the formulas' range: a normal approximation around the mean.
        mean, var = beta_mean_var(a, b)
        return mean + math.sqrt(2.0) * _erfinv(2.0 * p - 1.0) * math.sqrt(var)


def _erfinv(y: float) -> float:
    """Inverse error function, good to a few digits (only the starting guess of beta_ppf needs it)."""
    y = min(max(y, -0.999999), 0.999999)
    w = -math.log((1.0 - y) * (1.0 + y))
    if w < 5.0:
        w -= 2.5
        p = 2.81022636e-08
        for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                  -0.00417768164, 0.246640727, 1.50140941):
            p = c + p * w
    else:
        w = math.sqrt(w) - 3.0
        p = -0.000200214257
        for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                  0.00943887047, 1.00167406, 2.83297682):
            p = c + p * w
    return p * y


def beta_mean_var(a: float, b: float) -> tuple[float, float]:
    """Mean and variance of Beta(a, b)."""
    n = a + b
    return a / n, a * b / (n * n * (n + 1.0))


def interval(a: float, b: float, level: float = 0.9) -> tuple[float, float]:
    """The central `level` credible interval of Beta(a, b)."""
    tail = (1.0 - level) / 2.0
    return beta_ppf(tail, a, b), beta_ppf(1.0 - tail, a, b)


def from_moments(mean: float, var: float) -> tuple[float, float] | None:
    """Beta(a, b) with this mean and variance (on 0-1), or None when the distribution is a point."""
    if var <= 1e-14 or mean <= 0.0 or mean >= 1.0:
        return None
    # A Beta's variance is below mean(1-mean); a larger delta-method estimate is capped just under it.
    var = min(var, 0.999 * mean * (1.0 - mean))
    k = mean * (1.0 - mean) / var - 1.0
    return mean * k, (1.0 - mean) * k
