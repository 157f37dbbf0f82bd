from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coopcouncil.demo.loader import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the demo borough (Lambeth) with personas and residents, then print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--residents", type=int, default=300)

    def handle(self, *args: Any, residents: int, **options: Any) -> None:
        demo = demo_load(residents=residents)
        self.stdout.write(self.style.SUCCESS(f"Demo data is ready. Demo logins (password for all: {DEMO_PASSWORD}):"))
        for login in demo.logins:
            persona = login.persona
            line = f"  {persona.email:<34} {persona.description}"
            self.stdout.write(line)
            if persona.totp_secret:
                self.stdout.write(
                    f"      TOTP secret {persona.totp_secret}  recovery codes {', '.join(login.recovery_codes)}"
                )
        self.stdout.write(
            "  Staff sign in with a code from an authenticator app set up with the secret, or a recovery code."
        )
        if demo.claim is not None:
            claim = demo.claim
            self.stdout.write(
                f"  Resident registered at a hub, to claim online: {claim.full_name}, "
                f"reference {claim.reference}, claim code {claim.claim_code}"
            )
            self.stdout.write("      Create an account with a new email address, then enter both at /account/claim/.")
