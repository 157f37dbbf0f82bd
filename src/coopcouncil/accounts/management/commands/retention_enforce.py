from typing import Any

from django.core.management.base import BaseCommand

from coopcouncil.accounts.services import retention_enforce


class Command(BaseCommand):
    help = "Delete or anonymise personal data past its retention period (settings.RETENTION_DAYS). Run nightly."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = retention_enforce()
        for kind, count in sorted(counts.items()):
            self.stdout.write(f"{kind}: {count}")
