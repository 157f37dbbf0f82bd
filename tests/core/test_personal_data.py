from __future__ import annotations

from django.apps import apps
from django.db import models

from coopcouncil.accounts.models import Person
from coopcouncil.core.personal_data import personal_data_areas


def test_every_model_that_points_at_a_person_is_covered_by_a_personal_data_area() -> None:
    """A new feature that stores something about a person must say how it is exported and erased."""
    covered = {label for area in personal_data_areas() for label in area.models}
    pointing_at_people = {
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("coopcouncil.")
        and (
            model is Person
            or any(
                isinstance(field, models.ForeignKey | models.OneToOneField) and field.related_model is Person
                for field in model._meta.get_fields()
            )
        )
    }
    assert pointing_at_people - covered == set()
