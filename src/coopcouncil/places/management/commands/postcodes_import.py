from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopcouncil.core.actors import Actor
from coopcouncil.places.models import LocalAuthority
from coopcouncil.places.services import postcodes_import, postcodes_read_csv


class Command(BaseCommand):
    help = (
        "Import a postcode-to-ward lookup from a CSV file: ONS's National Statistics Postcode Lookup "
        "(columns pcds, laua, ward, doterm) or a simple file with columns postcode and ward."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--authority", required=True, help="GSS code of the authority, e.g. E09000022")

    def handle(self, *args: Any, path: Path, authority: str, **options: Any) -> None:
        try:
            local_authority = LocalAuthority.objects.get(gss_code=authority)
        except LocalAuthority.DoesNotExist as error:
            raise CommandError(f"No authority with code {authority}; load the borough first.") from error
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        report = postcodes_import(
            actor=Actor.system(), authority=local_authority, rows=postcodes_read_csv(str(path)), source=str(path)
        )
        self.stdout.write(
            f"Imported {report.imported} postcodes; skipped {report.skipped_other_authority} in other areas "
            f"and {report.skipped_unknown_ward} with wards not loaded."
        )
        for problem in report.rejected:
            self.stderr.write(problem)
