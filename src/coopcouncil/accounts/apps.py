from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coopcouncil.accounts"
    label = "accounts"
    verbose_name = "People, logins, organisations and roles"

    def ready(self) -> None:
        from coopcouncil.accounts.personal_data import ACCOUNTS_PERSONAL_DATA
        from coopcouncil.core.personal_data import personal_data_register

        personal_data_register(ACCOUNTS_PERSONAL_DATA)
