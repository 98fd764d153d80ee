"""The whole demo tells one coherent story (every app's demo loaded together, as `bootstrap demo` does)."""

from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from ballots.nominations.models import Nomination
from ballots.results.models import Count
from elections.models import Section, Statement
from hustings.models import Hustings


def test_the_demo_is_one_timeline_from_nominations_to_a_declared_result(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo")
    now = timezone.now()
    sections = list(Section.objects.all())
    for section in sections:
        assert section.freeze_date <= timezone.localtime(section.nomination_opens).date()
        assert section.nomination_opens < section.nomination_closes <= section.ballot_opens < section.ballot_closes

    # No nominating meeting before its window opened, none recorded outside it.
    assert not Nomination.objects.filter(meeting_date__lt=F("section__nomination_opens__date")).exists()
    assert not Nomination.objects.filter(added_by__made_at__lt=F("section__nomination_opens")).exists()
    assert not Nomination.objects.filter(added_by__made_at__gte=F("section__nomination_closes")).exists()

    # Sections declared after their ballots closed, with result sheets; another taking nominations.
    declared = Count.objects.filter(declared_at__isnull=False)
    assert declared.exists()
    for count in declared:
        assert count.section.ballot_closes <= count.declared_at and count.result_json
    assert any(s.nominations_open_now for s in sections)

    # A hustings that the chair can run now.
    assert Hustings.objects.filter(state__in=["open", "live"], starts_at__lte=now, ends_at__gt=now).exists()

    # Every section that has candidates shows them with photos and published statements.
    for section in sections:
        for candidate in section.candidates.all():
            assert candidate.photo, candidate
            published = Statement.objects.filter(candidate=candidate, published__isnull=False)
            assert {s.kind for s in published} == {"ballot", "long-form"}, candidate
