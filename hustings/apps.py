from django.apps import AppConfig


class HustingsConfig(AppConfig):
    name = "hustings"
    verbose_name = "Hustings"

    def ready(self):
        from elections import extensions
        from hustings import extensions as hustings

        extensions.register(
            section_links=hustings.section_links, happenings=hustings.happenings, manage_links=hustings.manage_links
        )
