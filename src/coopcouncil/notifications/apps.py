from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "coopcouncil.notifications"
    label = "notifications"
    verbose_name = "Following and notifications"

    def ready(self) -> None:
        from coopcouncil.core.personal_data import personal_data_register
        from coopcouncil.notifications.personal_data import NOTIFICATIONS_PERSONAL_DATA

        personal_data_register(NOTIFICATIONS_PERSONAL_DATA)
