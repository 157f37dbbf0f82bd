from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "coopcouncil.decisions"
    label = "decisions"
    verbose_name = "Public decision log"
