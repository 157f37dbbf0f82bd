from django.apps import AppConfig


class BudgetingConfig(AppConfig):
    name = "coopcouncil.budgeting"
    label = "budgeting"
    verbose_name = "Participatory budgeting"

    def ready(self) -> None:
        from coopcouncil.budgeting.models import Phase, Proposal, Round
        from coopcouncil.budgeting.personal_data import BUDGETING_PERSONAL_DATA
        from coopcouncil.core.personal_data import personal_data_register
        from coopcouncil.notifications.followables import followable_register

        personal_data_register(BUDGETING_PERSONAL_DATA)
        followable_register("round", lambda slug: Round.objects.exclude(phase=Phase.DRAFT).get(slug=slug))
        followable_register(
            "proposal",
            lambda pk: (
                Proposal.objects.exclude(status="withdrawn")
                .select_related("round")
                .get(pk=int(pk) if pk.isdigit() else 0)
            ),
        )
