from django.apps import AppConfig


class HustingsConfig(AppConfig):
    name = "hustings"
    verbose_name = "Hustings"

    def ready(self):
        # Hustings adds its navigation link and its demo through elections/extensions.py.
        from elections import extensions

        extensions.register_nav_links(extensions.NAV_HOME + 10, _nav_links)
        extensions.register_demo(40, _load_demo)


def _load_demo():
    from hustings import demo

    return demo.load()


def _nav_links(user):
    from django.urls import reverse

    from elections.extensions import Link

    return [Link("Hustings", reverse("hustings:list"))]
