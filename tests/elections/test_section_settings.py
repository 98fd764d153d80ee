"""A returning officer changes a section's rules; everyone else is refused; bad values are named."""

import pytest
from django.urls import reverse
from django.utils import timezone

from elections.models import Section


def settings_url(section):
    return reverse("elections:section_settings", args=[section.election.slug, section.slug])


def local(moment) -> str:
    """A time as the settings page shows it: UK time, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def form_data(section, **changes):
    data = {
        "seats": section.seats,
        "min_women": section.min_women,
        "freeze_date": section.freeze_date.isoformat(),
        "nomination_opens": local(section.nomination_opens),
        "nomination_closes": local(section.nomination_closes),
        "ballot_opens": local(section.ballot_opens),
        "ballot_closes": local(section.ballot_closes),
        "counting_method": section.counting_method,
        "zero_vote_places": section.zero_vote_places,
        "statement_word_limit": section.statement_word_limit,
    }
    data.update(changes)
    return data


def test_a_returning_officer_changes_the_seats(client_for, rita, section):
    response = client_for(rita).post(settings_url(section), form_data(section, seats=6, min_women=3))
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.seats, section.min_women) == (6, 3)


def test_it_refuses_more_women_than_seats(client_for, rita, section):
    response = client_for(rita).post(settings_url(section), form_data(section, seats=3, min_women=4))
    assert response.status_code == 400
    assert b"cannot exceed the seats" in response.content
    section.refresh_from_db()
    assert section.seats == 9


def test_the_nomination_window_is_not_changed_here_but_with_the_nomination_rules(client_for, rita, section):
    before = (section.nomination_opens, section.nomination_closes)
    data = form_data(section, nomination_closes="2030-01-01T12:00")
    response = client_for(rita).post(settings_url(section), data)
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.nomination_opens, section.nomination_closes) == before
    assert "changed with the other nomination rules" in client_for(rita).get(settings_url(section)).content.decode()


@pytest.mark.parametrize("who", ["alice", "sam", "otto"])
def test_it_refuses_anyone_but_the_returning_officer(request, client_for, section, who):
    response = client_for(request.getfixturevalue(who)).post(
        settings_url(section), form_data(section, seats=1, min_women=0)
    )
    assert response.status_code == 403
    assert Section.objects.get(pk=section.pk).seats == 9


def test_the_page_shows_the_stored_freeze_date_so_saving_it_unchanged_keeps_it(client_for, rita, section):
    page = client_for(rita).get(settings_url(section)).content.decode()
    assert f'value="{section.freeze_date.isoformat()}"' in page  # a date input reads only YYYY-MM-DD
