from django.apps import AppConfig


class CooperativesConfig(AppConfig):
    name = "coopcouncil.cooperatives"
    label = "cooperatives"
    verbose_name = "Membership co-operatives"

    def ready(self) -> None:
        from coopcouncil.cooperatives.personal_data import COOPERATIVES_PERSONAL_DATA
        from coopcouncil.core.personal_data import personal_data_register

        personal_data_register(COOPERATIVES_PERSONAL_DATA)
