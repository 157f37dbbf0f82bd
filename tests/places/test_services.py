from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from coopcouncil.core.actors import Actor
from coopcouncil.places.models import GSS_CODE, Community, CommunityKind, LocalAuthority, Postcode, Ward
from coopcouncil.places.selectors import ward_for_postcode, wards_current
from coopcouncil.places.services import BoroughDataError, borough_load, postcodes_import
from tests.places.factories import LocalAuthorityFactory

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

    def test_every_ward_code_is_a_nine_character_gss_code(self) -> None:
        """The 21 wards of 2002-2022 once had 8-character codes; each is now E05000416-E05000436."""
        data = lambeth()
        assert all(GSS_CODE.match(ward["gss_code"]) for ward in data["wards"])
        old = [ward for ward in data["wards"] if ward["valid_to"] == "2022-05-05"]
        assert [ward["gss_code"] for ward in old] == [f"E05000{n}" for n in range(416, 437)]
        assert old[0]["name"] == "Bishop's" and old[-1]["name"] == "Vassall"
        assert all(ward["gss_code_inferred"] for ward in old)  # still unverified (domain.md 5.3)

    def test_model_validation_refuses_a_malformed_gss_code(self) -> None:
        ward = Ward(
            authority=LocalAuthorityFactory(), name="Coldharbour", gss_code="E0500420", valid_from=date(2002, 5, 2)
        )
        with pytest.raises(ValidationError) as error:
            ward.full_clean()
        assert error.value.message_dict == {"gss_code": ["Enter a GSS code: a letter and 8 digits, like E05014095."]}
        ward.gss_code = "E05000420"
        ward.full_clean()  # the right shape passes
        with pytest.raises(ValidationError, match="GSS code"):
            LocalAuthority(name="Lambeth", gss_code="00AY").full_clean()  # ONS's old code, not a GSS code

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
            (
                lambda d: d["wards"][29].update(gss_code="E0500420"),
                "wards[30] (Coldharbour): gss_code 'E0500420' is not a GSS code",
            ),
            (lambda d: d["authority"].update(gss_code="LBH"), "authority (London Borough of Lambeth): gss_code 'LBH'"),
        ],
    )
    def test_bad_files_say_where_and_load_nothing(self, change, message: str) -> None:
        data = lambeth()
        change(data)
        with pytest.raises(BoroughDataError, match=re.escape(message)):
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
