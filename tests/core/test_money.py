"""One way to round, write and read rupiah (contex_oscar.money)."""

from decimal import Decimal as D

import pytest
from django.template import Context, Template

from contex_oscar.money import (
    format_rupiah,
    json_rupiah,
    largest_order_amount,
    parse_rupiah,
    whole_rupiah,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D("4500000"), "Rp 4.500.000"),
        ("250000", "Rp 250.000"),
        (0, "Rp 0"),
        (D("1250.50"), "Rp 1.250,50"),
        (D("-5000"), "-Rp 5.000"),
        (D("9999999999.99"), "Rp 9.999.999.999,99"),
        (None, ""),
        ("abc", "abc"),
    ],
)
def test_every_amount_is_written_one_way(amount, text):
    assert format_rupiah(amount) == text


@pytest.mark.parametrize("library", ["contex_payment", "contex_service_center"])
def test_the_template_filters_are_the_same_function(library):
    rendered = Template(f"{{% load {library} %}}{{{{ amount|rupiah }}}}").render(
        Context({"amount": D("1250123")})
    )
    assert rendered == "Rp 1.250.123"


def test_the_cms_filter_writes_the_same():
    rendered = Template("{% load contex_cms_tags %}{{ fee|rupiah_text }}").render(
        Context({"fee": "150000"})
    )
    assert rendered == "Rp 150.000"


def test_whole_rupiah_rounds_half_up():
    assert whole_rupiah(D("1000.5")) == D("1001")
    assert whole_rupiah(D("1000.49")) == D("1000")
    assert json_rupiah(D("250000.00")) == "250000"


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("1000", D("1000")),
        (1000, D("1000")),
        ("1000.00", D("1000")),
        (" 75 ", D("75")),
        ("0", None),
        ("-1", None),
        ("12.5", None),
        ("abc", None),
        ("NaN", None),
        ("1e30", None),
        (None, None),
        ("9999999999", D("9999999999")),
        ("10000000000", None),
    ],
)
def test_amounts_typed_by_people_are_whole_rupiah_within_an_order(value, parsed):
    assert parse_rupiah(value) == parsed


def test_zero_only_where_allowed():
    assert parse_rupiah("0", allow_zero=True) == D("0")


def test_the_largest_order_amount_is_oscars_column(db):
    assert largest_order_amount() == D("9999999999.99")
