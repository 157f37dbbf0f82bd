import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopcouncil.core.actors import Actor
from coopcouncil.places.services import BoroughDataError, borough_load


class Command(BaseCommand):
    help = "Load a borough (authority, wards, postcode districts, communities) from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"{path}: {error}") from error
        try:
            authority = borough_load(actor=Actor.system(), data=data)
        except BoroughDataError as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Loaded {authority} with {authority.wards.count()} wards."))
