"""Official channels in the admin: only superusers add, change or delete; staff with view permission read."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from safety.models import OfficialChannel

pytestmark = pytest.mark.django_db

ADD = "/admin/safety/officialchannel/add/"


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("root", "root@example.com", "correct-horse-battery")


@pytest.fixture
def staff():
    user = get_user_model().objects.create_user("staff", "staff@example.com", "correct-horse-battery", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="safety", codename__in=["view_officialchannel", "change_officialchannel"]
        )
    )
    return user


def test_superuser_adds_a_channel_normalised(client, superuser):
    client.force_login(superuser)
    response = client.post(
        ADD, {"kind": "handle", "platform": "telegram", "value": "@SupportdeskNews", "label": "News", "active": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    channel = OfficialChannel.objects.get()
    assert (channel.kind, channel.platform, channel.value) == ("handle", "telegram", "SupportdeskNews")


def test_superuser_gets_a_form_error_for_an_invalid_value(client, superuser):
    client.force_login(superuser)
    response = client.post(ADD, {"kind": "phone", "value": "call me", "active": "on"})
    assert response.status_code == 200
    assert "country code" in response.content.decode()
    assert not OfficialChannel.objects.exists()


def test_superuser_cannot_add_a_duplicate_in_another_case(client, superuser, seeded):
    client.force_login(superuser)
    response = client.post(ADD, {"kind": "handle", "platform": "telegram", "value": "supportdeskhelp", "active": "on"})
    assert response.status_code == 200
    assert "already listed" in response.content.decode()


def test_staff_may_read_but_not_change_even_with_the_change_permission(client, staff, seeded):
    client.force_login(staff)
    channel = OfficialChannel.objects.get(kind="web")
    url = f"/admin/safety/officialchannel/{channel.pk}/change/"
    assert client.get("/admin/safety/officialchannel/").status_code == 200
    page = client.get(url)
    assert page.status_code == 200  # the read-only view
    assert 'name="value"' not in page.content.decode()
    response = client.post(url, {"kind": "web", "value": "evil.io", "active": "on"})
    assert response.status_code == 403
    channel.refresh_from_db()
    assert channel.value == "supportdesk.com"
    assert client.get(ADD).status_code == 403
    assert client.post(f"/admin/safety/officialchannel/{channel.pk}/delete/", {"post": "yes"}).status_code == 403
    assert OfficialChannel.objects.filter(pk=channel.pk).exists()


def test_changes_reach_the_verdict_at_once_in_this_process(client, superuser, seeded):
    from safety.selectors import channel_verdict

    assert channel_verdict(value="status.example.org").verdict == "unknown"
    client.force_login(superuser)
    client.post(ADD, {"kind": "web", "value": "https://status.example.org/", "active": "on"})
    assert channel_verdict(value="status.example.org").verdict == "official"
