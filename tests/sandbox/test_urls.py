"""The sandbox's own addresses answer: ``/`` (Wagtail's home page), the dashboard's
"Return to site" link and the pages' ``html_url`` in either language, without a redirect loop."""

import io
from urllib.parse import urlsplit

import pytest

API = "/api/cms/v2/"


@pytest.fixture
def demo_site(db, settings):
    from sandbox.store.demo import pages, site, staff

    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    site.load(io.StringIO())
    staff.load(io.StringIO())
    pages.load(io.StringIO())


def followed(client, url, **headers):
    response = client.get(url, follow=True, **headers)
    assert len(response.redirect_chain) < 3, response.redirect_chain
    return response


def test_root_answers_the_store_home_page(client, demo_site):
    response = followed(client, "/")
    assert response.status_code == 200
    assert response.context["page"].specific_class.__name__ == "HomePage"


def test_the_dashboards_return_to_site_link_answers(client, demo_site):
    from sandbox.store.demo.staff import STAFF_EMAIL, staff_password

    assert client.login(username=STAFF_EMAIL, password=staff_password())
    dashboard = client.get("/dashboard/")
    assert dashboard.status_code == 200
    home = dashboard.context["homepage_url"]
    assert f'href="{home}"' in dashboard.content.decode()
    assert followed(client, home).status_code == 200


def test_the_home_pages_html_url_answers(api_client, client, demo_site):
    from contex_oscar.cms.models import HomePage

    home = HomePage.objects.get(locale__language_code="id")
    html_url = api_client.get(f"{API}pages/{home.pk}/").json()["meta"]["html_url"]
    assert followed(client, urlsplit(html_url).path).status_code == 200
