from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = "Elections, CLPs and members"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from elections import live

        # Django's own logout hook: a signed-out session's live pages close at once, everywhere.
        user_logged_out.connect(live.on_logout, dispatch_uid="elections.live.on_logout")
