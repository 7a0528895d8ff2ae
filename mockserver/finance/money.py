"""Money as `Decimal`, rounded to the currency's minor unit, and split without losing a rupiah.

Every amount the finance and analytics areas compute is a `Decimal` with the currency's exponent (IDR has no minor
unit: whole rupiah); it leaves as a decimal string ("125000", "-4500"). Nothing is ever a float.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
#: Digits after the point per ISO 4217 currency; the ones the mock meets. Unknown currencies: 2.
MINOR_DIGITS = {"IDR": 0, "VND": 0, "JPY": 0, "KRW": 0}


_EXPONENTS = {c: Decimal(1).scaleb(-d) for c, d in MINOR_DIGITS.items()}
_CENT = Decimal("0.01")


def exponent(currency: str) -> Decimal:
    return _EXPONENTS.get(currency, _CENT)


def rounded(value: Decimal, currency: str) -> Decimal:
    """Half-up to the currency's minor unit (4,999.5 rupiah is 5,000)."""
    return value.quantize(exponent(currency), rounding=ROUND_HALF_UP)


def parse(text: object) -> Decimal:
    """A decimal string (or int) as a Decimal; ValueError for anything else (floats included)."""
    if isinstance(text, bool) or not isinstance(text, str | int):
        raise ValueError(f"not a decimal string: {text!r}")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a decimal string: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a decimal string: {text!r}")
    return value


def text(value: Decimal, currency: str = "IDR") -> str:
    """The API's form: no exponent, the currency's digits, no "-0"."""
    q = rounded(value, currency)
    return format(q if q != 0 else abs(q), "f")


def total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def allocate(amount: Decimal, weights: Sequence[Decimal], currency: str) -> list[Decimal]:
    """Split `amount` over `weights` in proportion, in minor units, so that the parts add up exactly.

    Largest remainder: every part is rounded down in magnitude, and the units left over go to the parts that lost
    the most (the first of equals). Zero weights everywhere split evenly.
    """
    n = len(weights)
    if n <= 1 or amount == 0:
        return [amount] * n  # nothing to split (amounts are already in minor units)
    unit = exponent(currency)
    units = int((amount / unit).to_integral_value())
    sign = -1 if units < 0 else 1
    units = abs(units)
    w = [max(ZERO, x) for x in weights]
    whole = total(w)
    if whole == 0:
        w, whole = [Decimal(1)] * n, Decimal(n)
    shares = [Decimal(units) * x / whole for x in w]
    floors = [int(s) for s in shares]
    left = units - sum(floors)
    order = sorted(range(n), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(sign * f) * unit for f in floors]
