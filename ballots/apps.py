from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "ballots"
    verbose_name = "Nominations, ballots and counts"

    def ready(self):
        # Nominations, results and online ballots plug into the elections pages, navigation and demo (elections/extensions.py).
        from ballots.nominations import extensions as nominations
        from ballots.nominations import selectors as nominations_selectors
        from ballots.results import extensions as results
        from ballots.voting import extensions as voting
        from elections import extensions

        extensions.register(
            section_links=nominations.section_links,
            happenings=nominations.happenings,
            manage_links=nominations.manage_links,
            clp_office_links=nominations.clp_office_links,
            ballot_status=nominations_selectors.qualified_candidate_ids,
            demo=(20, nominations.load_demo),
        )
        extensions.register(
            section_links=results.section_links,
            happenings=results.happenings,
            manage_links=results.manage_links,
            nav_links=(extensions.NAV_MANAGE + 10, results.nav_links),
            demo=(30, results.load_demo),
        )
        # Online ballots: after the hustings demo (40), whose sections' candidates it reuses.
        extensions.register(nav_links=(extensions.NAV_MANAGE + 5, voting.nav_links), demo=(50, voting.load_demo))
