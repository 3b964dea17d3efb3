"""GET /api/login/: a front end asks who is signed in."""

import pytest

from tests import factories


@pytest.mark.django_db
def test_a_signed_in_shopper_reads_their_own_details(api_client):
    shopper = factories.user(email="budi@example.com", first_name="Budi")
    api_client.force_login(shopper)
    response = api_client.get("/api/login/")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "budi@example.com" and body["first_name"] == "Budi"
    assert "password" not in body


@pytest.mark.django_db
def test_a_guest_is_told_nobody_is_signed_in(api_client):
    assert api_client.get("/api/login/").status_code == 405
