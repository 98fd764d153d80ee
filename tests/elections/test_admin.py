"""Staff can open the admin list and add pages of every model; others cannot."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

OUR_APPS = {"elections", "hustings", "ballots"}


def registered_models():
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


def test_every_model_of_ours_is_in_the_admin():
    missing = [m.__name__ for m in registered_models() if m not in admin.site._registry]
    assert missing == []


@pytest.mark.django_db
def test_staff_can_open_every_changelist(client, stella):
    call_command("load_demo")
    client.force_login(stella)
    for model in registered_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        assert client.get(url, {"q": "a"}).status_code == 200, url


def test_members_cannot_open_the_admin(client_for, alice):
    response = client_for(alice).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
