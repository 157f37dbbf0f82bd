"""Writes for places: loading a borough from data, importing the postcode lookup."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from coopcouncil.accounts.models import Organisation, OrganisationKind, postcode_normalise
from coopcouncil.core.actors import Actor
from coopcouncil.core.services import audit_record
from coopcouncil.places.models import (
    GSS_CODE,
    Community,
    CommunityKind,
    LocalAuthority,
    Postcode,
    PostcodeDistrict,
    Ward,
)


class BoroughDataError(ValueError):
    """The borough file is not in the expected shape; the message says where."""


def _required(mapping: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in mapping or mapping[key] in (None, ""):
        raise BoroughDataError(f"{where}: '{key}' is missing.")
    return mapping[key]


def _gss_code(mapping: Mapping[str, Any], where: str) -> str:
    """The area's GSS code, refused with the area's name when it is not nine characters of the right shape."""
    code = str(_required(mapping, "gss_code", where))
    if not GSS_CODE.match(code):
        name = mapping.get("name") or "?"
        raise BoroughDataError(
            f"{where} ({name}): gss_code {code!r} is not a GSS code (a letter and 8 digits, like E05014095)."
        )
    return code


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise BoroughDataError(f"{where}: {value!r} is not a date (YYYY-MM-DD).") from error


@transaction.atomic
def borough_load(*, actor: Actor, data: Mapping[str, Any]) -> LocalAuthority:
    """Create or update a borough, its wards, postcode districts and communities from data.

    Loading the same file twice changes nothing. Each current ward gets a community of its own,
    and the borough a community that is every place community's parent.
    """
    authority_data = _required(data, "authority", "file")
    org_id = _required(authority_data, "org_id", "authority")
    organisation, _ = Organisation.objects.update_or_create(
        org_id=org_id,
        defaults={"name": _required(authority_data, "name", "authority"), "kind": OrganisationKind.COUNCIL},
    )
    authority, _ = LocalAuthority.objects.update_or_create(
        gss_code=_gss_code(authority_data, "authority"),
        defaults={"name": authority_data["name"], "organisation": organisation},
    )
    borough, _ = Community.objects.update_or_create(
        slug=authority_data.get("slug") or "borough",
        defaults={
            "name": authority.name,
            "kind": CommunityKind.BOROUGH,
            "authority": authority,
            "summary": authority_data.get("summary", ""),
            "parent": None,
        },
    )
    wards_by_code: dict[str, Ward] = {}
    for index, ward_data in enumerate(data.get("wards", []), start=1):
        where = f"wards[{index}]"
        code = _gss_code(ward_data, where)
        valid_from = _date(_required(ward_data, "valid_from", where), where)
        if valid_from is None:
            raise BoroughDataError(f"{where}: 'valid_from' is missing.")
        ward, _ = Ward.objects.update_or_create(
            gss_code=code,
            defaults={
                "authority": authority,
                "name": _required(ward_data, "name", where),
                "gss_code_inferred": bool(ward_data.get("gss_code_inferred", False)),
                "gss_code_note": ward_data.get("gss_code_note", ""),
                "valid_from": valid_from,
                "valid_to": _date(ward_data.get("valid_to"), where),
                "councillors": ward_data.get("councillors"),
            },
        )
        wards_by_code[code] = ward
        if ward.valid_to is None:
            community, _ = Community.objects.update_or_create(
                slug=ward_data.get("slug") or f"ward-{code.lower()}",
                defaults={"name": ward.name, "kind": CommunityKind.WARD, "authority": authority, "parent": borough},
            )
            community.wards.set([ward])
    borough.wards.set([ward for ward in wards_by_code.values() if ward.valid_to is None])
    for code in data.get("postcode_districts", []):
        PostcodeDistrict.objects.get_or_create(authority=authority, code=code)
    for index, community_data in enumerate(data.get("communities", []), start=1):
        where = f"communities[{index}]"
        kind = _required(community_data, "kind", where)
        if kind not in {CommunityKind.NEIGHBOURHOOD, CommunityKind.ISSUE}:
            raise BoroughDataError(f"{where}: kind must be 'neighbourhood' or 'issue', not {kind!r}.")
        community, _ = Community.objects.update_or_create(
            slug=_required(community_data, "slug", where),
            defaults={
                "name": _required(community_data, "name", where),
                "kind": kind,
                "authority": authority,
                "summary": community_data.get("summary", ""),
                "description": community_data.get("description", ""),
                "parent": borough,
            },
        )
        ward_codes = community_data.get("wards", [])
        unknown = [code for code in ward_codes if code not in wards_by_code]
        if unknown:
            raise BoroughDataError(f"{where}: unknown ward codes {', '.join(unknown)}.")
        community.wards.set([wards_by_code[code] for code in ward_codes])
    audit_record(actor=actor, action="borough.loaded", target=authority, details={"wards": len(wards_by_code)})
    return authority


@dataclass(frozen=True)
class PostcodeImportReport:
    imported: int
    skipped_other_authority: int
    skipped_unknown_ward: int
    rejected: list[str]


_BATCH = 5000


@transaction.atomic
def postcodes_import(
    *, actor: Actor, authority: LocalAuthority, rows: Iterable[Mapping[str, str]], source: str
) -> PostcodeImportReport:
    """Import a postcode-to-ward lookup.

    ``rows`` are dictionaries from a CSV file: ONS's NSPL (columns ``pcds``, ``laua``, ``ward``,
    ``doterm``) or a simple file with ``postcode`` and ``ward``. Rows for other authorities are
    skipped; rows naming a ward that is not loaded are counted, never guessed.
    """
    wards = {ward.gss_code: ward for ward in authority.wards.all()}
    imported = skipped_other = skipped_unknown = 0
    rejected: list[str] = []
    batch: list[Postcode] = []

    def flush() -> None:
        Postcode.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["postcode"], update_fields=["ward", "terminated"]
        )
        batch.clear()

    for line_number, row in enumerate(rows, start=2):
        laua = row.get("laua")
        if laua is not None and laua != authority.gss_code:
            skipped_other += 1
            continue
        raw_postcode = row.get("pcds") or row.get("postcode") or ""
        ward_code = row.get("ward") or ""
        try:
            postcode = postcode_normalise(raw_postcode)
        except ValueError:
            if len(rejected) < 50:
                rejected.append(f"line {line_number}: {raw_postcode!r} is not a postcode")
            continue
        ward = wards.get(ward_code)
        if ward is None:
            skipped_unknown += 1
            continue
        terminated = row.get("doterm") or ""
        batch.append(
            Postcode(
                postcode=postcode,
                ward=ward,
                terminated=date(int(terminated[:4]), int(terminated[4:6]), 1) if len(terminated) >= 6 else None,
            )
        )
        imported += 1
        if len(batch) >= _BATCH:
            flush()
    if batch:
        flush()
    audit_record(
        actor=actor, action="postcodes.imported", target=authority, details={"source": source, "imported": imported}
    )
    return PostcodeImportReport(imported, skipped_other, skipped_unknown, rejected)


def postcodes_read_csv(path: str) -> Iterable[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        yield from csv.DictReader(handle)
