"""Members compare two to four candidates; candidates and ROs see revisions and differences."""

import pytest

from elections import services
from elections.diffs import diff_rows
from elections.models import StatementRevision
from tests import factories


def compare_url(section, *slugs):
    return f"{section.get_absolute_url()}compare/?" + "&".join(f"c={s}" for s in slugs)


@pytest.fixture
def four(section, ayesha, ben):
    more = [factories.CandidateFactory(section=section, display_name=n, slug=n.lower()) for n in ("Cat", "Dan", "Eve")]
    services.statement_save(
        candidate=ayesha, kind="ballot", body="Ayesha ballot words.", user=ayesha.user, publish=True
    )
    services.statement_save(candidate=ben, kind="long-form", body="Ben long statement.", user=ben.user, publish=True)
    return [ayesha, ben, *more]


@pytest.mark.parametrize("count", [2, 3, 4])
def test_members_put_two_to_four_candidates_side_by_side(client_for, alice, section, four, count):
    chosen = four[:count]
    response = client_for(alice).get(compare_url(section, *[c.slug for c in chosen]))
    assert response.status_code == 200
    html = response.content.decode()
    assert [col["candidate"] for col in response.context["columns"]] == chosen
    assert "Ayesha ballot words." in html and "Ben long statement." in html


@pytest.mark.parametrize("count, message", [(1, "Choose at least two candidates"), (5, "compare at most four")])
def test_it_refuses_fewer_than_two_or_more_than_four(client_for, alice, section, four, count, message):
    slugs = [c.slug for c in four] + ["fifth"]
    factories.CandidateFactory(section=section, slug="fifth")
    response = client_for(alice).get(compare_url(section, *slugs[:count]))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_history_and_diff_show_what_changed(client_for, ayesha, rita):
    services.statement_save(
        candidate=ayesha, kind="long-form", body="Line one\nLine <two>\nLine three", user=ayesha.user
    )
    services.statement_save(
        candidate=ayesha, kind="long-form", body="Line one\nLine <2>\nLine three\nLine four", user=ayesha.user
    )
    base = f"{ayesha.get_absolute_url()}statements/long-form/"
    for user in (ayesha.user, rita):
        client = client_for(user)
        assert client.get(base + "history/").status_code == 200
        html = client.get(base + "diff/", {"from": 1, "to": 2}).content.decode()
        assert 'Line <del><span class="visually-hidden">Removed: </span>&lt;two&gt;</del>' in html
        assert 'Line <ins><span class="visually-hidden">Added: </span>&lt;2&gt;</ins>' in html
        assert '<ins><span class="visually-hidden">Added: </span>Line four</ins>' in html
        assert "1 line changed, 1 added, 0 removed" in html


@pytest.mark.parametrize("query", [{"from": 1, "to": 9}, {"from": "x", "to": 1}, {}])
def test_a_diff_of_revisions_that_do_not_exist_says_so(client_for, ayesha, query):
    services.statement_save(candidate=ayesha, kind="long-form", body="Only one", user=ayesha.user)
    response = client_for(ayesha.user).get(f"{ayesha.get_absolute_url()}statements/long-form/diff/", query)
    assert response.status_code == 400


@pytest.mark.parametrize("who", ["alice", "otto", "ben"])
def test_other_members_cannot_see_drafts_or_history(request, client_for, ayesha, ben, who):
    user = ben.user if who == "ben" else request.getfixturevalue(who)
    services.statement_save(candidate=ayesha, kind="long-form", body="Secret draft", user=ayesha.user)
    base = f"{ayesha.get_absolute_url()}statements/long-form/"
    client = client_for(user)
    for url in (base + "history/", base + "diff/?from=1&to=1", base + "edit/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Secret draft" not in response.content.decode()


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("a\nb", "a\nb", ["same", "same"]),
        ("a\nb", "a\nc", ["same", "changed"]),
        ("a", "a\nb", ["same", "added"]),
        ("a\nb", "b", ["removed", "same"]),
        ("", "x", ["added"]),
    ],
)
def test_diff_rows_pair_old_and_new_lines(old, new, expected):
    assert [row.change for row in diff_rows(old, new)] == expected


@pytest.mark.parametrize(
    "old, new, old_marked, new_marked",
    [
        ("I am a nurse.", "I am a senior nurse.", [], ["senior"]),
        ("Vote for me", "Vote for us", ["me"], ["us"]),
        ("one two three", "one two three four", [], ["four"]),
        ("same words here", "different text entirely", ["same words here"], ["different text entirely"]),
    ],
)
def test_a_changed_line_marks_only_the_words_that_changed(old, new, old_marked, new_marked):
    (row,) = diff_rows(old, new)
    assert row.change == "changed"
    assert [p.text.strip() for p in row.old_parts if p.changed] == old_marked
    assert [p.text.strip() for p in row.new_parts if p.changed] == new_marked
    assert "".join(p.text for p in row.old_parts) == old and "".join(p.text for p in row.new_parts) == new


def test_history_shows_revisions_whose_author_was_not_recorded(client_for, ayesha):
    services.statement_save(candidate=ayesha, kind="long-form", body="Imported text", user=ayesha.user)
    StatementRevision.objects.update(author=None)
    response = client_for(ayesha.user).get(f"{ayesha.get_absolute_url()}statements/long-form/history/")
    assert response.status_code == 200
    assert '<td data-label="By"><span class="muted">Not recorded</span></td>' in response.content.decode()
