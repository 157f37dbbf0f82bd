from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "coopcouncil.frontend"
    label = "frontend"
    verbose_name = "Layout, pages and form rendering"
