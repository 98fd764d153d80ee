"""Pages: who may open which, what they say when they refuse, and the transcript downloads."""

import csv
import io

import pytest
from django.urls import reverse

from hustings import permissions, services

PAGES = ["audience", "moderate", "chair", "present"]
# who -> the pages they may open (everything else must be refused with a reason)
ACCESS = {
    "hannah": {"audience", "moderate", "chair", "present"},
    "rita": {"audience", "moderate", "chair", "present"},
    "stella": {"audience", "moderate", "chair", "present"},
    "mo": {"audience", "moderate", "present"},
    "alice": {"audience", "present"},
    "cara": {"audience", "present"},
    "lapsed": set(),
    "nobody": set(),
    "otto": {"audience", "present"},  # a member of Hackney, but no role at this hustings
}


@pytest.mark.parametrize("who", sorted(ACCESS))
@pytest.mark.parametrize("page", PAGES)
def test_each_page_opens_only_for_its_roles(client_for, hustings, request, who, page):
    user = request.getfixturevalue(who) if who != "cara" else hustings.candidates.get(slug="cara").user
    response = client_for(user).get(reverse(f"hustings:{page}", args=[hustings.pk]))
    expected = 200 if page in ACCESS[who] else 403
    assert response.status_code == expected, (who, page)


def test_a_refusal_says_why(client_for, hustings, lapsed, hackney):
    response = client_for(lapsed).get(reverse("hustings:audience", args=[hustings.pk]))
    assert b"not in good standing" in response.content


def test_signed_out_visitors_are_sent_to_sign_in(client, hustings):
    response = client.get(reverse("hustings:audience", args=[hustings.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_shows_which_hustings_are_open_to_you(client_for, hustings, leo, hackney):
    hustings.clp = hackney
    hustings.save()
    page = client_for(leo).get(reverse("hustings:list")).content.decode()
    assert "CLP section hustings" in page and "Not open to you: this hustings is for members of Hackney" in page


def test_the_audience_page_connects_to_its_websocket(client_for, hustings, alice):
    page = client_for(alice).get(reverse("hustings:audience", args=[hustings.pk])).content.decode()
    assert f'data-hustings-ws="/ws/hustings/{hustings.pk}/"' in page
    assert page.count("<h1") == 1 and 'for="ask-text"' in page


@pytest.mark.parametrize(
    "user, role",
    [
        ("hannah", "chair"),
        ("rita", "chair"),
        ("mo", "moderator"),
        ("alice", "member"),
        ("nobody", None),
        ("lapsed", None),
    ],
)
def test_roles(hustings, request, user, role):
    assert permissions.role_of(request.getfixturevalue(user), hustings) == role


def test_a_candidate_taking_part_may_watch(hustings):
    cara = hustings.candidates.get(slug="cara").user
    assert permissions.role_of(cara, hustings) == "candidate"


@pytest.fixture
def session_record(hustings, approved, hannah, candidates, mo):
    hustings.candidate_order = "chosen"
    hustings.save()
    services.hustings_set_state(actor=hannah, hustings=hustings, state="live")
    services.question_edit(actor=mo, question=approved, text="=Will you publish | the minutes?")
    services.question_put(
        actor=hannah, hustings=hustings, question=approved, order=[c.pk for c in reversed(candidates)]
    )
    services.candidate_skip(actor=hannah, hustings=hustings, candidate=candidates[2].pk)
    services.timer_start(actor=hannah, hustings=hustings)
    services.timer_end(actor=hannah, hustings=hustings)
    return hustings


def test_the_transcript_csv_lists_each_turn_in_order(client_for, session_record, hannah):
    response = client_for(hannah).get(reverse("hustings:transcript_csv", args=[session_record.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["turn"], r["candidate"], r["outcome"]) for r in rows] == [
        ("1", "Cara Doyle", "Skipped (absent)"),
        ("2", "Ben Okafor", "Answered"),
        ("3", "Ayesha Rahman", "Waiting"),
    ]
    assert rows[0]["question"] == "'=Will you publish | the minutes?"  # no spreadsheet formulas
    assert rows[0]["original_wording"] == "How will you make the NEC transparent?"
    assert rows[0]["put_order"] == "1" and rows[0]["allowed_seconds"] == "60"
    # Empty cells stay empty (each was written as a lone apostrophe).
    assert rows[2]["started_at"] == "" and rows[2]["ended_at"] == ""
    assert "'" not in {value for row in rows for value in row.values()}


def test_the_transcript_markdown_has_a_section_per_question(client_for, session_record, rita):
    text = client_for(rita).get(reverse("hustings:transcript_md", args=[session_record.pk])).content.decode()
    assert "## Question 1" in text and "> =Will you publish \\| the minutes?" in text
    assert "| 1 | Cara Doyle | Skipped (absent) |" in text
    assert "the member's words: “How will you make the NEC transparent?”" in text


@pytest.mark.parametrize("who", ["mo", "alice", "otto"])
@pytest.mark.parametrize("fmt", ["transcript_csv", "transcript_md"])
def test_only_the_chair_and_returning_officers_download_the_transcript(client_for, hustings, request, who, fmt):
    response = client_for(request.getfixturevalue(who)).get(reverse(f"hustings:{fmt}", args=[hustings.pk]))
    assert response.status_code == 403 and b"Only the chair" in response.content


def test_the_navigation_links_to_hustings(client_for, alice):
    page = client_for(alice).get(reverse("elections:home")).content.decode()
    assert f'href="{reverse("hustings:list")}"' in page


def test_a_moderator_who_is_not_a_member_is_told_they_cannot_ask(client_for, hustings, mo):
    page = client_for(mo).get(reverse("hustings:audience", args=[hustings.pk])).content.decode()
    assert "Only party members can take part in hustings." in page


def test_a_member_is_not_refused_on_the_page(client_for, hustings, alice):
    page = client_for(alice).get(reverse("hustings:audience", args=[hustings.pk])).content.decode()
    assert 'class="refusal">' not in page
