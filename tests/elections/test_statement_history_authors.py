"""The revisions page lists revisions that have no recorded author (imported, or their author's
account deleted: most demo revisions on PostgreSQL). It was a 500."""

from django.urls import reverse

from elections.models import Statement
from tests.elections.factories import StatementRevisionFactory


def test_a_revision_without_an_author_is_listed(client_for, ayesha, rita):
    statement = Statement.objects.create(candidate=ayesha, kind="long-form")
    StatementRevisionFactory(statement=statement, number=1, author=None, body="Imported text.")
    StatementRevisionFactory(statement=statement, number=2, author=ayesha.user, body="My own words.")
    url = reverse(
        "elections:statement_history",
        args=[ayesha.section.election.slug, ayesha.section.slug, ayesha.slug, "long-form"],
    )
    response = client_for(rita).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not recorded" in page and "Imported text." in page and "My own words." in page
