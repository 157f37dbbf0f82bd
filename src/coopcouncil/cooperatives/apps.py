from django.apps import AppConfig


class CooperativesConfig(AppConfig):
    name = "coopcouncil.cooperatives"
    label = "cooperatives"
    verbose_name = "Membership co-operatives"

    def ready(self) -> None:
        from coopcouncil.cooperatives.permissions import is_member_for_meeting
        from coopcouncil.cooperatives.personal_data import COOPERATIVES_PERSONAL_DATA
        from coopcouncil.core.personal_data import personal_data_register
        from coopcouncil.meetings.permissions import closed_meeting_access_register

        personal_data_register(COOPERATIVES_PERSONAL_DATA)
        # A co-operative's members come to its closed meetings, such as its AGM.
        closed_meeting_access_register(is_member_for_meeting)
