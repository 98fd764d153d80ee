from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "ballots"
    verbose_name = "Nominations, ballots and counts"
