"""A ship-in ticket of unknown origin, the next step of every kind of ticket, and the
description of ticket kinds in ``GET /api/service-center/`` (issue 17, defect 5)."""

import pytest

from contex_oscar.service_center import kinds, logistics, statuses, tickets
from contex_oscar.service_center.next_steps import NEXT_STEPS
from tests.service_center.conftest import open_ticket

INFO = "/api/service-center/"
TRACK = "/api/service-center/track/"


def tracked(api_client, ticket):
    response = api_client.post(TRACK, {"number": ticket.number, "email": ticket.email})
    assert response.status_code == 200
    return response.json()


def test_a_ship_in_repair_of_unknown_origin_does_not_claim_it_was_bought_elsewhere(
    api_client, store
):
    ticket = open_ticket(channel=kinds.SHIP_IN)
    assert ticket.return_shipping_reason == "purchase-unknown"
    ship_in = tracked(api_client, ticket)["ship_in"]
    assert ship_in["return_shipping_payer"]["code"] == logistics.SHOPPER_PAYS
    assert ship_in["return_shipping_reason"]["code"] == "purchase-unknown"
    assert "elsewhere" not in ship_in["return_shipping_reason"]["label"].lower()
    assert "bukan dari toko" not in ship_in["return_shipping_reason"]["label"].lower()


def test_a_unit_said_to_be_bought_elsewhere_still_says_so(store):
    from contex_oscar.service_center.purchases import Purchase

    ticket = open_ticket(channel=kinds.SHIP_IN, purchase=Purchase(source=kinds.ELSEWHERE))
    assert ticket.return_shipping_reason == "bought-elsewhere"


def _kinds_of_ticket():
    """Every (flow, channel) a shopper can open, from the kinds table."""
    return sorted(
        {
            (kinds.flow_for(kind.code, channel), channel)
            for kind in kinds.KINDS.values()
            for channel in kind.channels
        }
    )


@pytest.mark.parametrize(("flow", "channel"), _kinds_of_ticket())
def test_every_status_of_every_kind_of_ticket_has_a_next_step(flow, channel):
    steps = NEXT_STEPS[(flow, channel)]
    assert set(steps) == set(statuses.FLOWS[flow])
    assert all(str(step) for step in steps.values())


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "Bring the unit"),
        (
            {"kind": kinds.ON_SITE_VISIT, "channel": kinds.ON_SITE, "address": "Jl. A 1",
             "city": "Jakarta", "visit_window": "morning"},
            "confirm the date and time of the visit",
        ),
        (
            {"kind": kinds.CONSULTATION, "channel": kinds.REMOTE, "consultation_via": "phone"},
            "by phone or e-mail",
        ),
    ],
)  # fmt: skip
def test_the_shopper_sees_the_next_step_of_their_ticket(api_client, store, extra, expected):
    ticket = open_ticket(**extra)
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    assert expected in tracked(api_client, ticket)["next_step"]


def test_the_next_step_follows_the_status_on_site(api_client, store):
    ticket = open_ticket(
        kind=kinds.ON_SITE_VISIT, channel=kinds.ON_SITE, address="Jl. A 1", city="Jakarta",
        visit_window="morning",
    )  # fmt: skip
    tickets.change_ticket_status(ticket, statuses.SCHEDULED)
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    assert "at the scheduled time" in tracked(api_client, ticket)["next_step"]
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="id")
    indonesian = tracked(api_client, ticket)["next_step"]
    assert indonesian and "scheduled" not in indonesian


def _info_kind(api_client, code):
    body = api_client.get(INFO).json()
    return next(kind for kind in body["kinds"] if kind["code"] == code)


def test_info_lists_fields_not_group_names(api_client, store):
    claim = _info_kind(api_client, kinds.WARRANTY_CLAIM)
    assert kinds.PRODUCT_OR_MODEL not in claim["required"]
    assert set(claim["required"]) >= {
        "serial_number",
        "fault_description",
        "hardware_defect",
        "box_complete",
    }
    assert ["brand", "model_name"] in claim["one_of"]
    assert ["product"] in claim["one_of"]
    consultation = _info_kind(api_client, kinds.CONSULTATION)
    assert consultation["one_of"] == []


def test_info_names_where_the_unit_was_bought_as_its_request_fields(api_client, store):
    claim = _info_kind(api_client, kinds.WARRANTY_CLAIM)
    assert "purchase" in claim["required"]
    assert claim["required_when"] == [
        {"field": "purchase", "value": kinds.THIS_STORE, "one_of": [["order_number"],
                                                                     ["order_token"]]}
    ]  # fmt: skip


def test_info_lists_the_fields_each_channel_adds(api_client, store):
    repair = _info_kind(api_client, kinds.PAID_REPAIR)
    channels = {channel["code"]: channel["required"] for channel in repair["channels"]}
    assert channels[kinds.WALK_IN] == []
    assert channels[kinds.PICKUP] == ["address", "city", "preferred_date"]
    assert channels[kinds.ON_SITE] == ["address", "city", "visit_window"]
    assert all(channel["label"] for channel in repair["channels"])
