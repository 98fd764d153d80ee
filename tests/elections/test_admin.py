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


def test_the_admin_is_branded(client, stella):
    client.force_login(stella)
    page = client.get(reverse("admin:index")).content.decode()
    assert "NEC elections administration" in page and "css/admin.css" in page
    assert 'href="/">Back to the elections site</a>' in page


def test_json_columns_read_as_lists_not_python_dicts():
    from elections.admin import readable

    html = str(readable({"format": "csv", "ballots": [{"name": "Ann", "votes": 3}]}))
    assert "{" not in html and "'" not in html
    assert html == (
        '<dl class="readable"><dt>format</dt><dd>csv</dd><dt>ballots</dt>'
        '<dd><ul class="readable"><li><dl class="readable"><dt>name</dt><dd>Ann</dd><dt>votes</dt><dd>3</dd></dl></li></ul></dd></dl>'
    )
    assert readable(["Ann Able", "Cat Cole"]) == "Ann Able, Cat Cole" and readable({}) == "—"


def test_people_are_picked_by_searching_not_by_scrolling_a_list():
    for model_admin in admin.site._registry.values():
        for name in getattr(model_admin, "raw_id_fields", ()):
            field = model_admin.model._meta.get_field(name)
            assert field.related_model._meta.model_name != "user", f"{model_admin} {name}"
        for name in getattr(model_admin, "filter_horizontal", ()):
            field = model_admin.model._meta.get_field(name)
            assert field.related_model._meta.model_name != "user", f"{model_admin} {name}"


@pytest.mark.django_db
def test_each_part_of_a_date_and_time_and_each_input_of_an_inline_row_is_named(client, stella):
    from elections.models import Endorsement, Section

    call_command("load_demo")
    client.force_login(stella)
    section = Section.objects.first()
    page = client.get(reverse("admin:elections_section_change", args=[section.pk])).content.decode()
    assert 'aria-label="Ballot opens: date"' in page and 'aria-label="Ballot opens: time"' in page
    slate = Endorsement.objects.first().slate
    page = client.get(reverse("admin:elections_slate_change", args=[slate.pk])).content.decode()
    assert 'aria-label="Endorsement 1: Position"' in page and 'aria-label="Endorsement 1: Delete"' in page
    assert 'aria-label="New endorsement: Position"' in page  # the row "Add another endorsement" copies
    assert "js/admin.js" in page  # names the autocomplete pickers Django's scripts draw
