from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "coopcouncil.demo"
    label = "demo"
    verbose_name = "Demo data (not installed in production)"
