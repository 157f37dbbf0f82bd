"""Putting a service's ValidationError back on the form the person filled in."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def service_errors_to_form(form: BaseForm, error: ValidationError) -> None:
    """Each message on its field when the form has one (so the error summary links to it), else on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
