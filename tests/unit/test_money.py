"""Money in a currency's minor units: exact, plain, never an exponent."""

from decimal import Decimal

import pytest

from chalicelib.domain.money import MINOR_UNITS, MoneyError, amount_in, convert_up, plain


@pytest.mark.parametrize(("written", "currency", "stored"), [
    ("1E+2", "USD", "100.00"), (Decimal("1E+2"), "EUR", "100.00"), (100, "JPY", "100"), ("19.99", "USD", "19.99"),
    ("19.9", "USD", "19.90"), ("1.250", "KWD", "1.250"), ("0.005", "BHD", "0.005"), ("7", "CLF", "7.0000"),
    ("10.100", "USD", "10.10"), ("0", "USD", "0.00"), (" 5 ", "GBP", "5.00"),
])
def test_amounts_are_exact_in_the_currencys_minor_units(written, currency, stored):
    assert plain(amount_in(written, currency)) == stored


@pytest.mark.parametrize(("written", "currency"), [
    ("1.5", "JPY"), ("10.001", "USD"), ("1.0001", "KWD"), ("-1", "USD"), (-1, "USD"), ("NaN", "USD"),
    ("Infinity", "USD"), ("1e400", "USD"), ("1e-400", "USD"), ("1,00", "EUR"), ("", "USD"), (1.5, "USD"),
    (True, "USD"), (None, "USD"), ("1", "XXX"), ("1", "usd"), (10**12, "USD"),
])
def test_amounts_a_currency_cannot_hold_are_refused(written, currency):
    with pytest.raises(MoneyError):
        amount_in(written, currency)


def test_minor_units_follow_iso_4217():
    assert (MINOR_UNITS["JPY"], MINOR_UNITS["KRW"], MINOR_UNITS["USD"], MINOR_UNITS["EUR"]) == (0, 0, 2, 2)
    assert (MINOR_UNITS["KWD"], MINOR_UNITS["BHD"], MINOR_UNITS["TND"]) == (3, 3, 3)


def test_conversions_round_up_so_a_limit_is_never_passed_by_rounding():
    assert convert_up(Decimal(120), Decimal("0.0061"), "EUR") == Decimal("0.74")
    assert convert_up(Decimal("0.01"), Decimal("0.5"), "USD") == Decimal("0.01")
    assert convert_up(Decimal("100.00"), Decimal("150.3"), "JPY") == Decimal(15030)
