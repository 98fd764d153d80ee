from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "ballots"
    verbose_name = "Nominations, ballots and counts"

    def ready(self):
        from ballots.nominations import extensions as nominations
        from ballots.results import extensions as results
        from elections import extensions

        extensions.register(
            section_links=nominations.section_links,
            happenings=nominations.happenings,
            manage_links=nominations.manage_links,
        )
        extensions.register(
            section_links=results.section_links, happenings=results.happenings, manage_links=results.manage_links
        )
