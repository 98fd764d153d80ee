"""Rules that cannot move under a count: once ballots are loaded for a section its seats, minimum
of women, counting method and dates are frozen (on the settings page, in the admin, in the
service) until the loaded ballots are discarded with a reason, in two steps; after a declaration,
for good."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ballots.results import services
from ballots.results.models import BallotSet, Count
from elections import services as election_services
from elections.models import AuditEntry, Section
from elections.refusals import Conflict
from tests.ballots.results.factories import declare
from tests.elections.test_section_settings import form_data, settings_url


def loaded(*names: str) -> str:
    these, it = ("this setting is", "it") if len(names) == 1 else ("these settings are", "them")
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"Ballots are loaded for NEC 2026 — CLP section, so {these} frozen: {listed}. To change {it}, first "
        "discard the loaded ballots, with a reason (Results, then the section's ballots and counts)."
    )


def declared(name: str) -> str:
    return f"The result of NEC 2026 — CLP section has been declared, so this setting is frozen for good: {name}."


def text(response) -> str:
    return html.unescape(response.content.decode())


def fresh(section):
    return Section.objects.get(pk=section.pk)


def test_nothing_is_frozen_before_ballots_are_loaded(section, rita):
    assert section.counting_lock == ""
    election_services.section_update_settings(section=section, user=rita, seats=3, min_women=1)
    assert fresh(section).seats == 3


def test_loading_ballots_freezes_the_counting_settings_on_the_settings_page(client_for, rita, ballot_set):
    section = fresh(ballot_set.section)
    assert section.counting_lock == "loaded"
    response = client_for(rita).post(settings_url(section), form_data(section, seats=3, counting_method="meek"))
    assert response.status_code == 409
    page = text(response)
    assert loaded("seats", "counting method") in page and "Frozen while ballots are loaded." in page
    assert (fresh(section).seats, fresh(section).counting_method) == (2, "ers97")


@pytest.mark.parametrize(
    "field, value, name",
    [
        ("min_women", 2, "minimum number of women"),
        ("freeze_date", "2026-01-01", "freeze date"),
        ("ballot_closes", "2030-01-01T12:00", "ballot dates"),
    ],
)
def test_each_counting_setting_is_frozen(client_for, rita, ballot_set, field, value, name):
    section = fresh(ballot_set.section)
    response = client_for(rita).post(settings_url(section), form_data(section, **{field: value}))
    assert response.status_code == 409 and loaded(name) in text(response)


def test_settings_a_count_does_not_depend_on_still_change(client_for, rita, ballot_set):
    section = fresh(ballot_set.section)
    response = client_for(rita).post(settings_url(section), form_data(section, statement_word_limit=250))
    assert response.status_code == 302 and fresh(section).statement_word_limit == 250


def test_the_service_refuses_whoever_calls_it(rita, ballot_set):
    with pytest.raises(Conflict) as refused:
        election_services.section_update_settings(section=ballot_set.section, user=rita, seats=5)
    assert refused.value.message == loaded("seats")
    assert refused.value.errors == {"seats": ["Frozen while ballots are loaded."]}


def test_the_admin_goes_through_the_same_rule(client_for, stella, ballot_set):
    section = fresh(ballot_set.section)
    url = reverse("admin:elections_section_change", args=[section.pk])
    client = client_for(stella)
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    for key in ("ballot_opens", "ballot_closes"):  # the nomination window is read-only here once added
        moment = timezone.localtime(form.initial[key])  # the admin shows UK time
        data.pop(key)
        data[f"{key}_0"], data[f"{key}_1"] = moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S")
    data["statements_locked_at_0"] = data["statements_locked_at_1"] = ""
    data.pop("statements_locked_at", None)
    data.pop("statements_locked_by", None)
    response = client.post(url, {**data, "seats": 5})
    assert response.status_code == 200 and loaded("seats") in text(response)
    assert fresh(section).seats == 2
    response = client.post(url, {**data, "name": "CLP section (renamed)"})
    assert response.status_code == 302 and fresh(section).name == "CLP section (renamed)"
    entry = AuditEntry.objects.get(action="admin.changed")
    assert entry.details["changes"]["name"] == ["CLP section", "CLP section (renamed)"]


def test_the_admin_sets_the_nomination_window_when_it_adds_a_section_and_never_after(rf, stella, section):
    from django.contrib import admin

    model_admin = admin.site._registry[Section]
    request = rf.get("/")
    request.user = stella
    assert {"nomination_opens", "nomination_closes"} <= set(model_admin.get_readonly_fields(request, section))
    assert "nomination_opens" in model_admin.get_form(request, None).base_fields


def test_after_a_declaration_the_settings_are_frozen_for_good(client_for, rita, count):
    declare(rita, count)
    section = fresh(count.section)
    assert section.counting_lock == "declared"
    response = client_for(rita).post(settings_url(section), form_data(section, seats=3))
    assert response.status_code == 409 and declared("seats") in text(response)


# -- discarding the loaded ballots -----------------------------------------------------------------
def discard_url(section):
    return reverse("results:discard", args=[section.election.slug, section.slug])


def test_the_discard_page_shows_what_would_be_discarded_and_discards_nothing(client_for, rita, count):
    page = text(client_for(rita).get(discard_url(count.section)))
    assert "Ballot set" in page and "test.blt, 17 ballots" in page and "1 count of these ballots is kept" in page
    assert "can then be changed again" in page
    assert fresh(count.section).counting_lock == "loaded" and not BallotSet.objects.filter(discarded_at__isnull=False)


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"reason": "", "confirm": "on"},
            "Give the reason for discarding the loaded ballots; it is kept in the audit log.",
        ),
        (
            {"reason": "Wrong file"},
            "Confirm that you mean to discard every ballot set and return loaded for NEC 2026 — CLP section. "
            "Nothing was discarded.",
        ),
    ],
    ids=["no-reason", "not-confirmed"],
)
def test_discarding_needs_a_reason_and_the_confirmation(client_for, rita, ballot_set, data, message):
    client = client_for(rita)
    response = client.post(discard_url(ballot_set.section), data)
    assert response.status_code == 422 and message in text(response)
    api_data = {"reason": data["reason"], "confirm": "confirm" in data}
    url = f"/api/results/sections/{ballot_set.section_id}/discard/"
    response = client.post(url, api_data, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"] == message
    assert fresh(ballot_set.section).counting_lock == "loaded" and not AuditEntry.objects.filter(
        action="ballots.discarded"
    )


def test_discarding_unfreezes_the_section_keeps_the_record_and_lets_the_file_load_again(
    client_for, rita, count, good_blt
):
    client = client_for(rita)
    response = client.post(discard_url(count.section), {"reason": "Loaded the test file by mistake", "confirm": "on"})
    assert response.status_code == 302
    ballot_set = BallotSet.objects.get()
    assert ballot_set.discarded_by == rita and ballot_set.discard_reason == "Loaded the test file by mistake"
    assert Count.objects.filter(pk=count.pk).exists()  # kept for the record
    entry = AuditEntry.objects.get(action="ballots.discarded")
    assert (
        entry.details["ballot_sets"] == [ballot_set.pk] and entry.details["reason"] == "Loaded the test file by mistake"
    )
    section = fresh(count.section)
    assert section.counting_lock == ""
    response = client.post(settings_url(section), form_data(section, seats=3))
    assert response.status_code == 302 and fresh(section).seats == 3
    again = services.ballot_set_load(section=fresh(section), user=rita, fileobj=io.BytesIO(good_blt), filename="t.blt")
    assert again.sha256 == ballot_set.sha256 and fresh(section).counting_lock == "loaded"


def test_discarded_ballots_are_never_counted_or_declared_again(client_for, rita, count, ballot_set):
    services.section_discard_loaded(section=ballot_set.section, user=rita, reason="Wrong file", confirm=True)
    ballot_set.refresh_from_db()
    client = client_for(rita)
    response = client.post(
        reverse("results:count_create", args=[ballot_set.pk]),
        {"method": "ers97", "seats": 2, "min_women": 1, "seed": 0},
    )
    assert response.status_code == 409 and f"Ballot set {ballot_set.pk} was discarded at" in text(response)
    response = client.post("/api/results/counts/", {"ballot_set": ballot_set.pk}, content_type="application/json")
    assert response.status_code == 409 and "(Wrong file); it cannot be counted." in response.json()["detail"]
    response = client.post(f"/api/results/counts/{count.pk}/declare/", {"confirm": count.result_sha256},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 409
    assert response.json()["detail"].startswith(f"Count {count.pk} counted ballots that were discarded at")


def test_discarding_stops_a_count_still_waiting(rita, ballot_set):
    waiting = services.count_request(user=rita, ballot_set=ballot_set)
    Count.objects.filter(pk=waiting.pk).update(status="queued", result_json="", elected=[])
    services.section_discard_loaded(section=ballot_set.section, user=rita, reason="Wrong file", confirm=True)
    waiting.refresh_from_db()
    assert waiting.status == "failed" and waiting.error == "Its ballots were discarded before it finished: Wrong file"
    assert services.count_run(count_id=waiting.pk) is None  # its task, if it runs later, does nothing


def test_after_a_declaration_nothing_can_be_discarded(client_for, rita, count):
    declare(rita, count)
    client = client_for(rita)
    response = client.post(discard_url(count.section), {"reason": "Too late", "confirm": "on"})
    assert response.status_code == 409 and "its loaded ballots can no longer be discarded" in text(response)
    response = client.post(f"/api/results/sections/{count.section_id}/discard/", {"reason": "x", "confirm": True},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 409 and "frozen for good" in response.json()["detail"]
    assert not BallotSet.objects.filter(discarded_at__isnull=False).exists()


def test_with_nothing_loaded_there_is_nothing_to_discard(client_for, rita, section):
    message = "Nothing is loaded for NEC 2026 — CLP section: there is nothing to discard."
    client = client_for(rita)
    response = client.post(discard_url(section), {"reason": "x", "confirm": "on"})
    assert response.status_code == 409 and message in text(response)
    response = client.post(f"/api/results/sections/{section.pk}/discard/", {"reason": "x", "confirm": True},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 409 and response.json()["detail"] == message


@pytest.mark.parametrize("who", ["alice", "otto", "nobody"])
def test_only_returning_officers_and_staff_discard(client_for, request, ballot_set, who):
    client = client_for(request.getfixturevalue(who))
    assert client.post(discard_url(ballot_set.section), {"reason": "x", "confirm": "on"}).status_code == 403
    response = client.post(f"/api/results/sections/{ballot_set.section_id}/discard/", {"reason": "x", "confirm": True},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 403
    assert fresh(ballot_set.section).counting_lock == "loaded"


def test_the_upload_page_unfreezes_nothing_by_accident(client_for, rita, ballot_set, good_blt):
    """Loading a second file keeps the section frozen (and one load at a time per section)."""
    other = good_blt.replace(b"3 1 2 0", b"4 1 2 0")
    response = client_for(rita).post(
        reverse("results:upload", args=["nec-2026", ballot_set.section.slug]),
        {"file": SimpleUploadedFile("b.blt", other), "mapping": "name"},
    )
    assert response.status_code == 302 and fresh(ballot_set.section).counting_lock == "loaded"
