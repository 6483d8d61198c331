"""Comparing stated quantities: rounding as written, bounds, ranges and unit kinds.

Shared by claim matching ("same figure": the numbers must agree) and figure conflicts
("different figure": the values cannot both be right). A figure is a row of the figures table
(or a dict with the same keys: text, value, unit, qualifier, low, high). No spaCy here.

Rounding is read from how the number is written: "1.8 million" stands for anything that
rounds to it (1.75-1.85 million), "1,800,000" and "100" for themselves (a number written in
full is taken at its word), "a million" or "two million" (number words) to the nearest
million. A lower bound ("more than a million") is consistent with any larger value; an upper
bound ("fewer than 500") with any smaller one (bounds are thresholds: no rounding); a range
with anything inside it, give or take rounding.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

WRITTEN_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")
# Approximations widen a figure to at least this share of its value either side: "about 40"
# is consistent with 41 (rounding alone would allow only 39.5-40.5).
APPROXIMATION_MARGIN = 0.05
APPROXIMATE_QUALIFIERS = frozenset({
    "about", "around", "roughly", "nearly", "almost", "approximately", "close to", "some",
    "an estimated", "estimated", "circa",
})
# Relative slack for float arithmetic (11.07 * 1e9 is not exactly 11070000000).
FLOAT_SLACK = 1e-9


def unit_kind(unit: str | None) -> str:
    """currency:<code>, percent, points or count (a counted noun, or no unit)."""
    if unit and CURRENCY_CODE.match(unit):
        return f"currency:{unit}"
    if unit in ("percent", "percentage points"):
        return "percent" if unit == "percent" else "points"
    return "count"


def same_unit_kind(a: dict, b: dict) -> bool:
    return unit_kind(a.get("unit")) == unit_kind(b.get("unit"))


def rounding(figure: dict) -> float:
    """Half the unit of the last written digit, in the figure's units: 0.05e6 for
    "1.8 million", 0.5 for "100", 0.5e6 for "a million"."""
    value = figure.get("value")
    if value is None or value == 0:
        return 0.0
    match = WRITTEN_NUMBER.search(figure.get("text") or "")
    if match is None:
        # Number words: good to the leading digit ("two million" -> 0.5 million).
        return 0.5 * 10 ** math.floor(math.log10(abs(value)))
    written = float(match.group(0).replace(",", ""))
    decimals = len(match.group(1) or "")
    scale = abs(value) / written if written else 1.0
    return 0.5 * scale * 10 ** -decimals


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def overlaps(self, other: Interval) -> bool:
        ends = (self.low, self.high, other.low, other.high)
        slack = FLOAT_SLACK * max((abs(x) for x in ends if math.isfinite(x)), default=1.0)
        return self.low <= other.high + slack and other.low <= self.high + slack


def interval(figure: dict) -> Interval | None:
    """The values a figure is consistent with, or None without a value."""
    value = figure.get("value")
    if value is None:
        return None
    half = rounding(figure)
    if (figure.get("qualifier") or "") in APPROXIMATE_QUALIFIERS:
        half = max(half, APPROXIMATION_MARGIN * abs(value))
    low, high = figure.get("low"), figure.get("high")
    if low is not None and high is not None:
        return Interval(low - half, high + half)
    # A bound is a threshold, not a rounded value: "more than a million" excludes 900,000.
    if low is not None:
        return Interval(low, math.inf)
    if high is not None:
        return Interval(-math.inf, high)
    return Interval(value - half, value + half)


def consistent(a: dict, b: dict) -> bool:
    """Can both figures be true of one quantity (bounds and rounding allowed)?"""
    ia, ib = interval(a), interval(b)
    return ia is None or ib is None or ia.overlaps(ib)


def _direction(figure: dict) -> str:
    low, high = figure.get("low"), figure.get("high")
    if low is not None and high is None:
        return "lower"
    if high is not None and low is None:
        return "upper"
    return "point"


def same_figure(a: dict, b: dict) -> bool:
    """Do two figures state the same number? Stricter than ``consistent``: the numbers
    written must agree within rounding ("more than a million" is not "1.8 million", though
    consistent with it), of the same unit kind, and bounds must not point opposite ways."""
    if not same_unit_kind(a, b):
        return False
    if {_direction(a), _direction(b)} == {"lower", "upper"}:
        return False
    half = max(rounding(a), rounding(b))
    for key in ("low", "high"):
        # Ranges: both ends must agree ("between 5 and 10" vs "between 5 and 12").
        if a.get("low") is not None and a.get("high") is not None \
                and b.get("low") is not None and b.get("high") is not None:
            if abs(a[key] - b[key]) > half + FLOAT_SLACK * abs(a[key]):
                return False
    va, vb = a.get("value"), b.get("value")
    if va is None or vb is None:
        return va is vb and (a.get("text") or "").lower() == (b.get("text") or "").lower()
    return abs(va - vb) <= half + FLOAT_SLACK * max(abs(va), abs(vb))
