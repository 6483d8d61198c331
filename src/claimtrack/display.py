"""Values written for people: figures as newspapers write them, counted nouns."""

from __future__ import annotations

import math

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹",
                    "RUB": "₽", "KZT": "₸", "UAH": "₴"}
# Large values are written as newspapers write them: 11.07 billion, not 11070000000.
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
PERCENT_UNITS = {"percent": " %", "percentage points": " percentage points"}


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_figure(value, unit: str | None) -> str | None:
    """A figure's normalised value as a reader writes it, or None when it is not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    magnitude = _number(value)
    for size, word in SCALES:
        if abs(value) >= size:
            magnitude = f"{_number(round(value / size, 2))} {word}"
            break
    unit = (unit or "").strip()
    if unit in PERCENT_UNITS:
        return f"{magnitude}{PERCENT_UNITS[unit]}"
    if unit.upper() in CURRENCY_SYMBOLS and len(unit) == 3:
        return f"{CURRENCY_SYMBOLS[unit.upper()]}{magnitude}"
    if len(unit) == 3 and unit.isupper():  # another ISO 4217 code
        return f"{unit} {magnitude}"
    return f"{magnitude} {unit}".rstrip()


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
