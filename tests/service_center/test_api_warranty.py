"""POST /api/service-center/warranty-check/ and the info endpoints."""

import datetime

import pytest
import time_machine

from contex_oscar.order.access import order_token
from contex_oscar.service_center import warranty
from contex_oscar.service_center.models import SupportedBrand
from tests import factories
from tests.service_center.conftest import deliver, jakarta, place_two_product_order

URL = "/api/service-center/warranty-check/"


def check(api_client, **data):
    body = {"purchase": "this-store", "hardware_defect": True, "box_complete": True, **data}
    return api_client.post(URL, body, format="json")


@pytest.mark.parametrize(
    ("moment", "box", "outcome"),
    [
        (jakarta(2025, 3, 27, 23, 59), True, warranty.DOA_EXCHANGE),
        (jakarta(2025, 3, 28, 0, 1), True, warranty.IN_WARRANTY),
        (jakarta(2025, 3, 27, 12, 0), False, warranty.IN_WARRANTY),
        (jakarta(2026, 3, 20, 12, 0), True, warranty.IN_WARRANTY),
        (jakarta(2026, 3, 21, 12, 0), True, warranty.OUT_OF_WARRANTY),
    ],
)
def test_guest_checks_warranty_with_order_number_and_email(
    api_client, delivered_order, moment, box, outcome
):
    with time_machine.travel(moment, tick=False):
        response = check(
            api_client,
            order_number=delivered_order.number,
            email="TAMU@example.com ",
            box_complete=box,
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["outcome"]["code"] == outcome
    assert body["received_on"] == "2025-03-20"
    assert body["warranty_type"]["code"] == warranty.STANDARD
    assert {item["code"] for item in body["bring"]} >= {warranty.UNIT, warranty.FAULT_DESCRIPTION}


def test_warranty_clock_starts_at_delivery_not_order_date(api_client, catalogue, store):
    with time_machine.travel(jakarta(2025, 1, 2, 9, 0), tick=False):
        order = factories.place_order(catalogue[0], status="in-shipment")
    deliver(order, jakarta(2025, 3, 20, 10, 0))
    with time_machine.travel(jakarta(2025, 3, 25, 9, 0), tick=False):
        response = check(api_client, order_number=order.number, email="tamu@example.com")
    assert response.json()["outcome"]["code"] == warranty.DOA_EXCHANGE


def test_lifetime_product_in_year_two_goes_to_the_manufacturer(api_client, catalogue, store):
    lifetime = next(p for p in catalogue if p.upc == "CTX-IQQX-44")
    order = deliver(
        factories.place_order(lifetime, status="in-shipment"), jakarta(2025, 3, 20, 10, 0)
    )
    with time_machine.travel(jakarta(2026, 9, 1, 9, 0), tick=False):
        response = check(api_client, order_number=order.number, email="tamu@example.com")
    body = response.json()
    assert body["outcome"]["code"] == warranty.MANUFACTURER_WARRANTY
    assert body["handled_by"] == "manufacturer"
    assert body["reason"]["code"] == "lifetime-manufacturer"


@pytest.mark.parametrize(
    ("moment", "reason"),
    [
        (jakarta(2026, 9, 1, 23, 59), "lifetime-manufacturer"),
        (jakarta(2026, 9, 2, 0, 1), "lifetime-model-discontinued"),
    ],
)
def test_lifetime_warranty_follows_the_end_of_production_not_the_catalogue(
    api_client, catalogue, store, moment, reason
):
    lifetime = next(p for p in catalogue if p.upc == "CTX-IQQX-44")
    order = deliver(
        factories.place_order(lifetime, status="in-shipment"), jakarta(2025, 3, 20, 10, 0)
    )
    lifetime.is_public = False  # out of stock for a while: the warranty stays
    lifetime.save()
    lifetime.attr.production_ended_on = datetime.date(2026, 9, 1)
    lifetime.attr.save()
    with time_machine.travel(moment, tick=False):
        response = check(api_client, order_number=order.number, email="tamu@example.com")
    assert response.json()["reason"]["code"] == reason


def test_staff_set_the_end_of_production_in_oscars_product_form(client, catalogue, staff_user):
    lifetime = next(p for p in catalogue if p.upc == "CTX-IQQX-44")
    client.force_login(staff_user)
    page = client.get(f"/dashboard/catalogue/products/{lifetime.pk}/")
    assert page.status_code == 200
    assert 'name="attr_production_ended_on"' in page.content.decode()


def test_wrong_email_and_wrong_number_give_the_same_answer(api_client, delivered_order):
    wrong_email = check(api_client, order_number=delivered_order.number, email="x@example.com")
    wrong_number = check(api_client, order_number="999999", email="tamu@example.com")
    assert wrong_email.status_code == wrong_number.status_code == 400
    assert wrong_email.json() == wrong_number.json()
    assert wrong_email.json()["code"] == "order_not_found"


def test_owner_needs_no_email_but_another_shopper_gets_nothing(api_client, catalogue, store):
    owner = factories.user()
    order = deliver(
        factories.place_order(catalogue[0], owner=owner, status="in-shipment"),
        jakarta(2025, 3, 20, 10, 0),
    )
    api_client.force_authenticate(owner)
    assert check(api_client, order_number=order.number).status_code == 200
    api_client.force_authenticate(factories.user())
    assert check(api_client, order_number=order.number).json()["code"] == "order_not_found"


def test_undelivered_order_has_no_warranty_clock_yet(api_client, catalogue, store):
    owner = factories.user()  # a guest's pair answers as a wrong pair (tests/security)
    order = factories.place_order(catalogue[0], owner=owner)
    api_client.force_authenticate(owner)
    response = check(api_client, order_number=order.number)
    assert (response.status_code, response.json()["code"]) == (400, "order_not_delivered")


def test_order_with_several_products_needs_the_line(api_client, catalogue, store):
    basket_order = place_two_product_order(catalogue[0], catalogue[1])
    line = basket_order.lines.get(product=catalogue[0])
    deliver(basket_order, jakarta(2025, 3, 20, 10, 0))
    base = {"order_token": order_token(basket_order)}  # the link: specific refusals
    with time_machine.travel(jakarta(2025, 5, 1, 9, 0), tick=False):
        assert check(api_client, **base).json()["code"] == "order_line_required"
        standard = check(api_client, order_line=line.pk, **base).json()
        lifetime = check(api_client, product=catalogue[1].pk, **base).json()
        foreign = check(api_client, order_line=line.pk + 1000, **base).json()
    assert standard["warranty_type"]["code"] == warranty.STANDARD
    assert lifetime["warranty_type"]["code"] == warranty.LIFETIME
    assert foreign["code"] == "order_line_not_found"


def test_bought_elsewhere_needs_no_order(api_client, catalogue):
    response = api_client.post(
        URL,
        {
            "purchase": "abroad",
            "purchase_date": "2024-05-01",
            "product": catalogue[0].pk,
            "hardware_defect": True,
            "box_complete": True,
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["outcome"]["code"] == warranty.NON_WARRANTY
    assert response.json()["reason"]["code"] == "bought-abroad"


@pytest.mark.parametrize(
    ("brand", "reason"), [(" contex ", "brand-supported"), ("", "bought-elsewhere")]
)
def test_a_supported_brand_bought_elsewhere_gets_the_stores_help(api_client, db, brand, reason):
    SupportedBrand.objects.create(name="Contex")
    SupportedBrand.objects.create(name="Vidar", active=False)
    body = {"purchase": "elsewhere", "hardware_defect": True, "box_complete": True}
    response = api_client.post(URL, {**body, "brand": brand}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["reason"]["code"] == reason
    dropped = api_client.post(URL, {**body, "brand": "VIDAR"}, format="json")
    assert dropped.json()["reason"]["code"] == "bought-elsewhere"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        [],
        "text",
        {"purchase": "gift", "hardware_defect": True, "box_complete": True},
        {"purchase": "this-store", "hardware_defect": True, "box_complete": True},
        {"purchase": "this-store", "order_number": "1", "hardware_defect": "maybe"},
        {"purchase": "elsewhere", "hardware_defect": True, "box_complete": True, "product": 10**30},
        {"purchase": "elsewhere", "hardware_defect": True, "box_complete": True, "product": "abc"},
        {
            "purchase": "elsewhere",
            "hardware_defect": True,
            "box_complete": True,
            "purchase_date": "2025-13-45",
        },
        {
            "purchase": "elsewhere",
            "hardware_defect": True,
            "box_complete": True,
            "purchase_date": "2999-01-01",
        },
        {
            "purchase": "this-store",
            "order_number": "x" * 500,
            "hardware_defect": True,
            "box_complete": True,
        },
        {
            "purchase": "this-store",
            "order_number": "1",
            "order_line": -4,
            "hardware_defect": True,
            "box_complete": True,
        },
        {
            "purchase": "this-store",
            "order_number": "1",
            "order_line": 10**20,
            "hardware_defect": True,
            "box_complete": True,
        },
        {
            "purchase": "this-store",
            "order_number": ["1"],
            "email": {"a": 1},
            "hardware_defect": True,
            "box_complete": True,
        },
        {
            "purchase": "this-store",
            "order_number": "1\x00",
            "hardware_defect": True,
            "box_complete": True,
        },
    ],
)
def test_bad_input_is_a_400_with_a_code(api_client, catalogue, payload):
    response = api_client.post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"]
    assert response.json()["message"]


def test_malformed_json_is_a_400(api_client, db):
    response = api_client.post(URL, "{not json", content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, "parse_error")


def test_warranty_check_is_throttled_per_client(api_client, delivered_order, settings):
    settings.CONTEX_SERVICE_TRACK_RATE_PER_CLIENT = "2/hour"
    for _ in range(2):
        check(api_client, order_number="1", email="a@example.com")
    response = check(api_client, order_number="1", email="a@example.com")
    assert (response.status_code, response.json()["code"]) == (429, "throttled")


def test_info_lists_every_kind_and_the_store_contacts(api_client, store):
    body = api_client.get("/api/service-center/").json()
    assert len(body["kinds"]) == 7
    assert body["address"] == store.service_center_address
    assert body["after_hours_visit_surcharge"] == "250000"
    claim = next(kind for kind in body["kinds"] if kind["code"] == "warranty-claim")
    assert "serial_number" in claim["required"]


def test_visit_options_on_a_friday_afternoon(api_client, store):
    with time_machine.travel(jakarta(2026, 8, 14, 16, 0), tick=False):
        body = api_client.get("/api/service-center/visit-options/").json()
    assert (body["counts_from"], body["due_on"], body["latest_on"]) == (
        "2026-08-14",
        "2026-08-18",  # Monday 17 August is Independence Day
        "2026-08-19",
    )
    assert body["bookable_dates"] == ["2026-08-18", "2026-08-19"]
    surcharges = {window["code"]: window["surcharge"] for window in body["windows"]}
    assert surcharges == {"morning": "0", "afternoon": "0", "after-hours": "250000"}
