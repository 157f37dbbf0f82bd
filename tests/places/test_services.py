from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coopcouncil.core.actors import Actor
from coopcouncil.places.models import Community, CommunityKind, Postcode, Ward
from coopcouncil.places.selectors import ward_for_postcode, wards_current
from coopcouncil.places.services import BoroughDataError, borough_load, postcodes_import

pytestmark = pytest.mark.django_db

LAMBETH = Path(__file__).resolve().parents[2] / "src" / "coopcouncil" / "demo" / "data" / "lambeth.json"


def lambeth() -> dict:
    return json.loads(LAMBETH.read_text(encoding="utf-8"))


class BoroughLoadTests:
    def test_lambeth_has_25_wards_since_2022_and_21_before(self) -> None:
        authority = borough_load(actor=Actor.system(), data=lambeth())
        assert authority.gss_code == "E09000022"
        assert authority.organisation.org_id == "GB-LAE-LBH"
        assert wards_current(on=date(2026, 11, 22)).count() == 25
        assert wards_current(on=date(2018, 1, 1)).count() == 21
        assert Ward.objects.get(gss_code="E05014101").name == "Clapham Park"

    def test_inferred_codes_stay_marked(self) -> None:
        borough_load(actor=Actor.system(), data=lambeth())
        assert Ward.objects.get(name="Clapham Park").gss_code_inferred is False
        brixton_north = Ward.objects.get(name="Brixton North")
        assert brixton_north.gss_code_inferred is True and "verify" in brixton_north.gss_code_note

    def test_communities_are_made_for_the_borough_each_current_ward_and_the_file(self) -> None:
        borough_load(actor=Actor.system(), data=lambeth())
        borough = Community.objects.get(kind=CommunityKind.BOROUGH)
        assert borough.wards.count() == 25
        assert Community.objects.filter(kind=CommunityKind.WARD, parent=borough).count() == 25
        brixton = Community.objects.get(slug="brixton")
        assert brixton.parent == borough and brixton.wards.count() == 4
        assert Community.objects.get(slug="youth-services").kind == CommunityKind.ISSUE

    def test_loading_twice_changes_nothing(self) -> None:
        borough_load(actor=Actor.system(), data=lambeth())
        counts = (Ward.objects.count(), Community.objects.count())
        borough_load(actor=Actor.system(), data=lambeth())
        assert (Ward.objects.count(), Community.objects.count()) == counts

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda d: d.pop("authority"), "'authority' is missing"),
            (lambda d: d["wards"][0].pop("gss_code"), "wards[1]: 'gss_code' is missing"),
            (lambda d: d["wards"][2].update(valid_from="May 2022"), "wards[3]: 'May 2022' is not a date"),
            (lambda d: d["communities"][0].update(wards=["E05999999"]), "unknown ward codes E05999999"),
            (lambda d: d["communities"][0].update(kind="planet"), "kind must be"),
        ],
    )
    def test_bad_files_say_where_and_load_nothing(self, change, message: str) -> None:
        data = lambeth()
        change(data)
        with pytest.raises(BoroughDataError, match=message.replace("[", r"\[").replace("]", r"\]")):
            borough_load(actor=Actor.system(), data=data)
        assert Ward.objects.count() == 0


class PostcodeImportTests:
    def test_nspl_rows_for_the_borough_are_imported_and_others_counted(self) -> None:
        authority = borough_load(actor=Actor.system(), data=lambeth())
        rows = [
            {"pcds": "SW2 1RW", "laua": "E09000022", "ward": "E05014098", "doterm": ""},
            {"pcds": "sw21aa", "laua": "E09000022", "ward": "E05014097", "doterm": "202001"},
            {"pcds": "SE1 7PB", "laua": "E09000028", "ward": "E05011095", "doterm": ""},  # Southwark
            {"pcds": "SW9 9ZZ", "laua": "E09000022", "ward": "E05099999", "doterm": ""},  # unknown ward
            {"pcds": "NOT A POSTCODE", "laua": "E09000022", "ward": "E05014098", "doterm": ""},
        ]
        report = postcodes_import(actor=Actor.system(), authority=authority, rows=rows, source="test")
        assert (report.imported, report.skipped_other_authority, report.skipped_unknown_ward) == (2, 1, 1)
        assert report.rejected == ["line 6: 'NOT A POSTCODE' is not a postcode"]
        assert Postcode.objects.get(postcode="SW2 1AA").terminated == date(2020, 1, 1)
        assert ward_for_postcode("sw2 1rw").name == "Brixton Windrush"
        assert ward_for_postcode("E1 6AN") is None
        assert ward_for_postcode("rubbish") is None

    def test_a_simple_file_with_postcode_and_ward_columns_works(self) -> None:
        authority = borough_load(actor=Actor.system(), data=lambeth())
        report = postcodes_import(
            actor=Actor.system(), authority=authority, rows=[{"postcode": "SE27 9AA", "ward": "E05014106"}], source="x"
        )
        assert report.imported == 1
        assert ward_for_postcode("SE27 9AA").name == "Knight's Hill"
