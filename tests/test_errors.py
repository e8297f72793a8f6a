import pytest


@pytest.mark.django_db
def test_unrouted_api_urls_answer_json_404(client):
    for url in ("/api/v1/screenshots/not-a-uuid/", "/api/v1/nothing-here/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_pages_keep_the_html_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404 and "text/html" in response["Content-Type"]


def test_healthz_is_bare_json(client):
    assert client.get("/healthz/").json() == {"status": "ok"}
