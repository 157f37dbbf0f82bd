from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "coopcouncil.meetings"
    label = "meetings"
    verbose_name = "Forums and meetings"

    def ready(self) -> None:
        from coopcouncil.core.personal_data import personal_data_register
        from coopcouncil.meetings.personal_data import MEETINGS_PERSONAL_DATA

        personal_data_register(MEETINGS_PERSONAL_DATA)
