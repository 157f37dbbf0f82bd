"""Putting a service's ValidationError back on the form the person filled in."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def service_errors_to_form(form: BaseForm, error: ValidationError) -> None:
    """Each message on its field when the form has one (so the error summary links to it), else on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_service_call(
    request: HttpRequest,
    form: BaseForm,
    call: Callable[[], object],
    success: str,
    *,
    errors_to_form: Callable[[BaseForm, ValidationError], None] = service_errors_to_form,
    refusals_on_form: bool = False,
) -> bool:
    """Run a service for a form that is valid: what it refuses goes back on the form, what it does is a
    success message. True when it worked. With ``refusals_on_form`` a PermissionDenied is shown on the
    form too (pages where the refusal is part of the workflow, such as a closed vote), not as a 403."""
    try:
        call()
    except ValidationError as error:
        errors_to_form(form, error)
        return False
    except PermissionDenied as error:
        if not refusals_on_form:
            raise
        form.add_error(None, str(error))
        return False
    messages.success(request, success)
    return True
