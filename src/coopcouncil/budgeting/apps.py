from django.apps import AppConfig


class BudgetingConfig(AppConfig):
    name = "coopcouncil.budgeting"
    label = "budgeting"
    verbose_name = "Participatory budgeting"

    def ready(self) -> None:
        from coopcouncil.budgeting.models import Phase, Proposal, Round
        from coopcouncil.notifications.followables import followable_register

        followable_register("round", lambda slug: Round.objects.exclude(phase=Phase.DRAFT).get(slug=slug))
        followable_register(
            "proposal",
            lambda pk: (
                Proposal.objects.exclude(status="withdrawn")
                .select_related("round")
                .get(pk=int(pk) if pk.isdigit() else 0)
            ),
        )
