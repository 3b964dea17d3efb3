"""The warranty rule table at every boundary (pure function, no database)."""

import datetime

import pytest
from django.utils import translation

from contex_oscar.service_center import product_facts, warranty
from contex_oscar.service_center.kinds import ABROAD, ELSEWHERE, THIS_STORE

D = datetime.date
RECEIVED = D(2025, 3, 20)


def evaluate(days=0, today=None, received_on=RECEIVED, **facts):
    facts.setdefault("purchase", THIS_STORE)
    facts.setdefault("warranty_type", warranty.STANDARD)
    facts.setdefault("hardware_defect", True)
    facts.setdefault("box_complete", True)
    today = today or received_on + datetime.timedelta(days=days)
    return warranty.evaluate_warranty(
        warranty.WarrantyFacts(today=today, received_on=received_on, **facts)
    )


@pytest.mark.parametrize(
    ("days", "box_complete", "outcome", "reason"),
    [
        (0, True, warranty.DOA_EXCHANGE, "dead-on-arrival"),
        (7, True, warranty.DOA_EXCHANGE, "dead-on-arrival"),
        (8, True, warranty.IN_WARRANTY, "within-first-year"),
        (7, False, warranty.IN_WARRANTY, "doa-box-incomplete"),
        (8, False, warranty.IN_WARRANTY, "within-first-year"),
    ],
)
def test_dead_on_arrival_is_day_7_with_a_complete_box(days, box_complete, outcome, reason):
    result = evaluate(days=days, box_complete=box_complete)
    assert (result.code, result.reason) == (outcome, reason)
    assert result.doa_until == D(2025, 3, 27)


def test_doa_asks_for_box_and_accessories():
    assert warranty.BOX_AND_ACCESSORIES in evaluate(days=3).bring
    assert warranty.BOX_AND_ACCESSORIES not in evaluate(days=30).bring


def test_one_year_to_the_day_is_still_covered():
    on_anniversary = evaluate(today=D(2026, 3, 20))
    day_after = evaluate(today=D(2026, 3, 21))
    assert on_anniversary.code == warranty.IN_WARRANTY
    assert on_anniversary.store_warranty_until == D(2026, 3, 20)
    assert (day_after.code, day_after.reason) == (warranty.OUT_OF_WARRANTY, "warranty-expired")
    assert day_after.outcome.free_of_charge is False


def test_leap_day_delivery_is_covered_until_28_february():
    result = evaluate(received_on=D(2024, 2, 29), today=D(2025, 2, 28))
    assert result.code == warranty.IN_WARRANTY
    assert result.store_warranty_until == D(2025, 2, 28)
    assert evaluate(received_on=D(2024, 2, 29), today=D(2025, 3, 1)).code == (
        warranty.OUT_OF_WARRANTY
    )


def test_lifetime_product_in_year_one_is_the_stores_claim():
    result = evaluate(today=D(2026, 3, 20), warranty_type=warranty.LIFETIME)
    assert result.code == warranty.IN_WARRANTY
    assert result.outcome.handled_by == "store"


def test_lifetime_product_in_year_two_goes_to_the_manufacturer():
    result = evaluate(today=D(2026, 3, 21), warranty_type=warranty.LIFETIME)
    assert (result.code, result.reason) == (warranty.MANUFACTURER_WARRANTY, "lifetime-manufacturer")
    assert result.outcome.handled_by == "manufacturer"
    assert result.outcome.free_of_charge is True


@pytest.mark.parametrize(
    ("today", "reason"),
    [
        (D(2027, 5, 31), "lifetime-manufacturer"),
        (D(2027, 6, 1), "lifetime-manufacturer"),  # the last day of production, included
        (D(2027, 6, 2), "lifetime-model-discontinued"),
    ],
)
def test_lifetime_warranty_ends_with_the_production_date(today, reason):
    result = evaluate(
        today=today, warranty_type=warranty.LIFETIME, production_ended_on=D(2027, 6, 1)
    )
    assert result.reason == reason
    assert (
        result.code
        == {
            "lifetime-manufacturer": warranty.MANUFACTURER_WARRANTY,
            "lifetime-model-discontinued": warranty.OUT_OF_WARRANTY,
        }[reason]
    )


@pytest.mark.parametrize(
    ("source", "reason"), [(ELSEWHERE, "bought-elsewhere"), (ABROAD, "bought-abroad")]
)
def test_bought_elsewhere_or_abroad_is_serviced_for_a_fee(source, reason):
    result = warranty.evaluate_warranty(
        warranty.WarrantyFacts(
            purchase=source,
            warranty_type=warranty.LIFETIME,
            hardware_defect=True,
            box_complete=True,
            today=D(2025, 3, 21),
        )
    )
    assert (result.code, result.reason) == (warranty.NON_WARRANTY, reason)
    assert result.outcome.free_of_charge is False
    assert result.days_since_receipt is None


def test_a_fault_that_is_not_a_hardware_defect_is_not_covered():
    result = evaluate(days=2, hardware_defect=False)
    assert (result.code, result.reason) == (warranty.NON_WARRANTY, "not-a-hardware-defect")


def test_a_product_without_warranty_type_has_no_warranty():
    result = evaluate(days=2, warranty_type=warranty.NONE)
    assert (result.code, result.reason) == (warranty.NON_WARRANTY, "no-warranty")


def test_every_outcome_says_what_to_bring():
    for rule in warranty.RULES:
        assert warranty.UNIT in rule.bring
        assert rule.outcome in warranty.OUTCOMES
        assert warranty.reason_message(rule.reason) == warranty.rule_message(rule)
        assert "%(" not in warranty.rule_message(rule)  # every period filled in


def test_this_stores_purchase_needs_a_delivery_date():
    with pytest.raises(ValueError):
        evaluate(received_on=None, today=D(2025, 3, 20))
    with pytest.raises(ValueError):
        evaluate(purchase="gift")


def test_durations_are_settings(settings):
    settings.CONTEX_SERVICE_DOA_DAYS = 14
    settings.CONTEX_SERVICE_WARRANTY_YEARS = 2
    assert evaluate(days=14).code == warranty.DOA_EXCHANGE
    assert evaluate(today=D(2027, 3, 20)).code == warranty.IN_WARRANTY


# --- reading the catalogue ---------------------------------------------------


def test_warranty_type_comes_from_the_product_attribute(catalogue):
    by_upc = {product.upc: product for product in catalogue}
    assert product_facts.warranty_type_of(by_upc["CTX-IQQX-24"]) == warranty.STANDARD
    assert product_facts.warranty_type_of(by_upc["CTX-IQQX-44"]) == warranty.LIFETIME
    assert product_facts.warranty_type_of(None) == warranty.NONE


def test_missing_attribute_means_no_warranty(catalogue, settings):
    settings.CONTEX_WARRANTY_ATTRIBUTE = "garansi"
    assert product_facts.warranty_type_of(catalogue[0]) == warranty.NONE


def test_hiding_a_product_does_not_end_its_production(catalogue):
    product = catalogue[1]
    product.is_public = False
    product.save()
    assert product_facts.production_ended_on(product) is None


def test_the_end_of_production_is_the_products_date_attribute(catalogue):
    product = catalogue[1]
    product.attr.production_ended_on = D(2027, 6, 1)
    product.attr.save()
    assert product_facts.production_ended_on(product) == D(2027, 6, 1)
    assert product_facts.production_ended_on(None) is None


def test_messages_state_the_periods_of_the_settings(settings):
    """The shopper reads the periods the rules use, never a number written in the text."""
    settings.CONTEX_SERVICE_DOA_DAYS = 10
    settings.CONTEX_SERVICE_WARRANTY_YEARS = 2
    with translation.override("en"):
        assert "within 10 days" in evaluate(days=9).message
        assert "(2 years)" in evaluate(days=400).message
        expired = evaluate(days=800)
    assert expired.reason == "warranty-expired" and "2 years" in expired.message
    with translation.override("id"):
        assert "10 hari" in evaluate(days=9).message


# --- brands the store supports ------------------------------------------------------


def test_a_supported_brand_bought_elsewhere_is_claimed_with_the_stores_help():
    result = evaluate(
        purchase=ELSEWHERE, received_on=None, today=D(2025, 5, 1), brand_supported=True
    )
    assert (result.code, result.reason) == (warranty.BRAND_SUPPORTED, "brand-supported")
    assert result.outcome.handled_by == "manufacturer"
    assert warranty.BRAND_PROOF in result.bring


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        ({"purchase": ELSEWHERE, "brand_supported": False}, "bought-elsewhere"),
        ({"purchase": ABROAD, "brand_supported": True}, "bought-abroad"),
        (
            {"purchase": ELSEWHERE, "brand_supported": True, "hardware_defect": False},
            "bought-elsewhere",
        ),
    ],
)
def test_brand_support_is_for_hardware_defects_of_units_bought_in_indonesia(facts, reason):
    assert evaluate(received_on=None, today=D(2025, 5, 1), **facts).reason == reason


def test_the_terms_name_the_supported_brands_only_when_there_are_some():
    assert warranty.BRAND_SUPPORTED not in {t["code"] for t in warranty.warranty_terms()}
    with translation.override("en"):
        terms = {t["code"]: t["text"] for t in warranty.warranty_terms(["Contex", "Canon"])}
    assert "for Contex, Canon the store helps" in terms[warranty.BRAND_SUPPORTED]
