"""bench/front.py's pooled ratio: the geometric mean of paired ratios and its bootstrap interval, which the README's
claim about the heavy examples (#16 goal 3) rests on."""

from __future__ import annotations

import math

from bench.front import geometric_interval


def test_equal_ratios_have_no_spread() -> None:
    assert all(math.isclose(x, 1.02) for x in geometric_interval([1.02] * 30))


def test_the_mean_is_geometric_and_the_interval_holds_it() -> None:
    low, mean, high = geometric_interval([0.8, 1.25] * 20)  # reciprocal ratios: no difference on the whole
    assert math.isclose(mean, 1.0) and low < 1.0 < high
    low, mean, high = geometric_interval([1.1, 1.2, 1.15, 1.05] * 10)
    assert 1.05 < low < mean < high < 1.2  # clearly above 1.05: the interval says so


def test_the_interval_is_the_same_each_run() -> None:
    ratios = [0.9, 1.3, 1.0, 1.1, 0.95, 1.2]
    assert geometric_interval(ratios) == geometric_interval(ratios)
