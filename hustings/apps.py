from django.apps import AppConfig


class HustingsConfig(AppConfig):
    name = "hustings"
    verbose_name = "Hustings"
