"""Template helpers for GOV.UK components."""

from __future__ import annotations

import re
from typing import Any

from django import forms, template
from django.contrib.auth.password_validation import password_validators_help_text_html, password_validators_help_texts
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from coopcouncil.frontend.forms import GovukField, govuk_field
from coopcouncil.frontend.forms import error_anchor as _error_anchor

register = template.Library()


@register.filter
def error_anchor(field: BoundField) -> str:
    return _error_anchor(field)


@register.simple_tag
def form_error_list(*forms_: Any) -> list[tuple[str, str]]:
    """(anchor, message) pairs for an error summary over one or more forms.

    Errors that belong to no visible field (non-field errors, hidden fields) have no anchor.
    """
    items: list[tuple[str, str]] = []
    for form in forms_:
        if form is None or not getattr(form, "errors", None):
            continue
        items.extend(("", str(error)) for error in form.non_field_errors())
        for field in form:
            if field.errors:
                anchor = _error_anchor(field)
                items.extend((anchor, str(error)) for error in field.errors)
    return items


@register.simple_tag(takes_context=True)
def govuk_field_parts(context: template.Context, field: BoundField) -> GovukField:
    """What frontend/forms/field.html needs; the options come from ``govuk_field`` below."""
    return govuk_field(field, size=str(context.get("govuk_size") or ""), heading=bool(context.get("govuk_heading")))


@register.simple_tag(name="govuk_field")
def render_govuk_field(field: BoundField, size: str = "", heading: bool = False) -> SafeString:
    """Render one field with presentation options, e.g. ``{% govuk_field form.email size="l" heading=True %}``.

    ``size`` is the label or legend size (s, m, l, xl); ``heading`` makes it the page's h1.
    """
    return field.render(context={"field": field, "govuk_size": size, "govuk_heading": heading})


_BARE_LINK = re.compile(r"<a(?![^>]*\sclass=)(?=[\s>])", re.IGNORECASE)


@register.filter(is_safe=True)
def govuk_links(html: Any) -> SafeString:
    """Give links in third-party markup (allauth's messages and help texts) the GOV.UK link style."""
    return mark_safe(_BARE_LINK.sub('<a class="govuk-link"', str(conditional_escape(html))))  # noqa: S308


_TITLE_WORD = re.compile(r"(?<=[\s-])([A-Z])([a-z]+)\b")
# allauth's own words that GOV.UK writes differently (its sign-up page is titled "Signup").
_GOVUK_WORDING = {"Signup": "Sign up"}


@register.filter(is_safe=True)
def sentence_case(text: Any) -> SafeString | str:
    """Turn allauth's "Sign In" into "Sign in": GOV.UK headings and buttons use sentence case.

    Only capitalised ordinary words after the first are lowered; acronyms (QR, TOTP) and
    anything with markup are left alone. Translations are usually in sentence case already.
    """
    escaped = str(conditional_escape(text)).strip()
    escaped = _GOVUK_WORDING.get(escaped, escaped)
    if "<" in escaped:
        return mark_safe(escaped)  # noqa: S308
    return mark_safe(_TITLE_WORD.sub(lambda m: m.group(1).lower() + m.group(2), " ".join(escaped.split())))  # noqa: S308


@register.simple_tag
def govuk_allauth_form(form: forms.BaseForm) -> forms.BaseForm:
    """Adjust one of django-allauth's forms for GOV.UK, then hand it back for rendering.

    allauth repeats each label as placeholder text, gives the new-password field Django's
    list of password rules as raw HTML, and uses bare links in help texts. Labels are
    always shown here, so the placeholders go; the rules become a plain hint; links get
    the GOV.UK style; labels take sentence case; code inputs get a numeric keyboard.
    The form's fields are its own copies, so this changes nothing for other requests.
    """
    rules_html = str(password_validators_help_text_html())
    ours = _project_field_names(form)
    for name, field in form.fields.items():
        widget = field.widget
        widget.attrs.pop("placeholder", None)
        if field.label and name not in ours:
            field.label = str(sentence_case(field.label))
        if field.help_text and str(field.help_text) == rules_html:
            field.help_text = " ".join(str(text) for text in password_validators_help_texts())
        elif field.help_text:
            field.help_text = govuk_links(field.help_text)
        if widget.attrs.get("autocomplete") == "one-time-code":
            widget.attrs.setdefault("inputmode", "numeric")
            widget.attrs.setdefault("spellcheck", "false")
            widget.attrs["class"] = "govuk-input--width-10"
    # Bound fields copy the label and help text when first made (the error summary may
    # already have made them), so drop them to pick up the changes above.
    cache = getattr(form, "_bound_fields_cache", None)
    if isinstance(cache, dict):
        cache.clear()
    return form


def _project_field_names(form: forms.BaseForm) -> set[str]:
    """Fields this project declares on a form that extends allauth's: their labels are already ours."""
    classes = [cls for cls in type(form).__mro__ if "declared_fields" in vars(cls)]
    names: set[str] = set()
    for cls, parent in zip(classes, [*classes[1:], None], strict=True):
        if cls.__module__.startswith("coopcouncil."):
            inherited = set(vars(parent)["declared_fields"]) if parent is not None else set()
            names |= set(vars(cls)["declared_fields"]) - inherited
    return names
