"""Money: exact decimals in a currency's minor units (ISO 4217), never floats, never exponents.

An amount is accepted when it is finite, not negative, and fits the currency's minor unit
(JPY has none, USD and EUR have cents, KWD and BHD have fils: three decimals). It is stored
and published in plain form with exactly the currency's decimals: "100.00", "120", "1.500".
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal, InvalidOperation

# ISO 4217 currencies in use, by number of minor-unit digits (funds and precious metals left out).
_BY_DIGITS: dict[int, str] = {
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
    2: "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD "
       "CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS "
       "GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL "
       "MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK "
       "PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS "
       "TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG",
    3: "BHD IQD JOD KWD LYD OMR TND",
    4: "CLF UYW",
}
MINOR_UNITS: dict[str, int] = {code: digits for digits, codes in _BY_DIGITS.items() for code in codes.split()}
MAX_WHOLE_DIGITS = 12  # up to 999,999,999,999 in any currency
_WRITTEN = re.compile(r"^[0-9]{1,40}(\.[0-9]{1,40})?([eE][+-]?[0-9]{1,3})?$")


class MoneyError(ValueError):
    """An amount or currency the desk cannot take; the message says what to send instead."""


def minor_units(currency: str) -> int:
    try:
        return MINOR_UNITS[currency]
    except KeyError:
        raise MoneyError(f"{currency!r} is not an ISO 4217 currency code such as USD, EUR or JPY") from None


def unit(currency: str) -> Decimal:
    """The smallest amount of `currency`: 1, 0.01, 0.001 …"""
    return Decimal(1).scaleb(-minor_units(currency))


def to_decimal(value: object) -> Decimal:
    """A number as written by a caller (text, integer or exact decimal) → Decimal; floats are refused
    because they are not exact."""
    if isinstance(value, bool | float):
        raise MoneyError("send the amount as a decimal string such as \"19.99\"")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise MoneyError("send the amount as a decimal string such as \"19.99\"")
    if not _WRITTEN.match(text):
        raise MoneyError("must be a plain decimal number such as \"19.99\" (digits, one dot)")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise MoneyError("must be a plain decimal number such as \"19.99\"") from None


def amount_in(value: object, currency: str) -> Decimal:
    """The amount in `currency`, exact in its minor units: Decimal("1E+2") → Decimal("100.00") for USD.
    Refuses negative, non-finite, too large, or finer than the currency's smallest unit."""
    number = to_decimal(value)
    smallest = unit(currency)
    if not number.is_finite():
        raise MoneyError("must be a finite number")
    if number < 0:
        raise MoneyError("must not be negative")
    if number >= Decimal(10) ** MAX_WHOLE_DIGITS:
        raise MoneyError(f"must be below 10^{MAX_WHOLE_DIGITS}")
    quantized = number.quantize(smallest)
    if quantized != number:
        digits = minor_units(currency)
        places = "no decimals" if digits == 0 else f"at most {digits} decimal{'s' if digits > 1 else ''}"
        raise MoneyError(f"{currency} amounts have {places}")
    return quantized


def plain(amount: Decimal) -> str:
    """Decimal as text without an exponent: Decimal("1E+2") → "100"."""
    return format(amount, "f")


def convert_up(amount: Decimal, rate: Decimal, currency: str) -> Decimal:
    """`amount` times `rate` in `currency`, rounded up to its smallest unit (a limit check never
    lets rounding pass an amount that is really above the limit)."""
    return (amount * rate).quantize(unit(currency), rounding=ROUND_CEILING)


def rate_value(value: object) -> Decimal:
    """An exchange rate from configuration: a positive finite decimal."""
    try:
        rate = Decimal(str(value))
    except InvalidOperation:
        raise MoneyError(f"exchange rate {value!r} is not a number") from None
    if not rate.is_finite() or rate <= 0:
        raise MoneyError(f"exchange rate {value!r} must be a positive number")
    return rate
