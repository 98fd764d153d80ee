from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "ballots"
    verbose_name = "Nominations, ballots and counts"

    def ready(self):
        # Nominations and results plug into the elections pages and the demo (elections/extensions.py).
        from ballots.nominations import selectors as nominations
        from elections import extensions

        extensions.register_ballot_status(nominations.qualified_candidate_ids)
        extensions.register_section_links(_section_links)
        extensions.register_clp_office_links(_clp_office_links)
        extensions.register_nav_links(extensions.NAV_MANAGE + 10, _nav_links)
        extensions.register_demo(20, _load_nominations_demo)
        extensions.register_demo(30, _load_results_demo)


def _load_nominations_demo():
    from ballots.nominations import demo

    return demo.load()


def _load_results_demo():
    from ballots.results import demo

    return demo.load()


def _section_links(section, user):
    from django.urls import reverse

    from elections.extensions import Link

    url = reverse("nominations:tracker", args=[section.election.slug, section.slug])
    return [Link("CLP nominations: the running count", url)]


def _clp_office_links(clp, section, user):
    from django.urls import reverse

    from elections.extensions import Link

    url = reverse("nominations:clp", args=[section.election.slug, section.slug, clp.slug])
    return [Link(f"{clp}'s nominations for {section.name}", url)]


def _nav_links(user):
    from django.urls import reverse

    from elections.extensions import Link

    return [Link("Results", reverse("results:index"))]
