from django.apps import AppConfig


class HustingsConfig(AppConfig):
    name = "hustings"
    verbose_name = "Hustings"

    def ready(self):
        # Hustings plugs into the elections pages, navigation and demo (elections/extensions.py).
        from elections import extensions
        from hustings import extensions as hustings

        extensions.register(
            section_links=hustings.section_links,
            happenings=hustings.happenings,
            manage_links=hustings.manage_links,
            nav_links=(extensions.NAV_HOME + 10, hustings.nav_links),
            demo=(40, hustings.load_demo),
        )
