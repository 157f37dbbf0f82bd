"""Django forms render as GOV.UK Frontend components through these templates (ADR 0004).

The renderer points Django's form rendering API at the templates in ``frontend/forms/``.
``govuk_field`` works out, for one bound field, everything those templates need: which
GOV.UK component to use, the ids of the hint and error message, ``aria-describedby``,
and the control itself rendered with the component's classes. Django still renders the
controls (values, choices, ``checked``), so its behaviour is kept; only the markup around
them is ours.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import SafeString

from coopcouncil.frontend.fields import DATE_PARTS, ERROR_PARTS_ATTR, DateInputWidget

# Which template in frontend/forms/fields/ renders each kind of field.
_TEMPLATES = {
    "input": "single",
    "select": "single",
    "file": "single",
    "textarea": "single",
    "password": "password",
    "character_count": "character_count",
    "radios": "choices",
    "checkboxes": "choices",
    "checkbox": "checkbox",
    "date": "fieldset",
    "group": "fieldset",
    "hidden": "hidden",
}

# Where a DateInputField's error codes point: the part to highlight. Any other error
# (a date in the future, a date that does not exist) highlights all three.
_DATE_ERROR_PARTS = {"no_day": "day", "no_month": "month", "no_year": "year", "bad_year": "year"}

# Django's own form layouts that callers reach through form.as_p() and form.as_div():
# they render through the GOV.UK form template too, so no raw Django markup leaks out.
_FORM_TEMPLATE_ALIASES = {"django/forms/p.html", "django/forms/div.html"}

LABEL_SIZES = {"s", "m", "l", "xl"}


class GovukFormRenderer(TemplatesSetting):
    """Uses the project's template engines, so the GOV.UK field templates in this app apply."""

    form_template_name = "frontend/forms/form.html"
    field_template_name = "frontend/forms/field.html"

    def get_template(self, template_name: str) -> Any:
        if template_name in _FORM_TEMPLATE_ALIASES:
            template_name = self.form_template_name
        return super().get_template(template_name)


def field_id(bound: BoundField) -> str:
    """The id of the field's control, and the stem of its hint and error ids."""
    return str(bound.field.widget.attrs.get("id") or bound.auto_id or bound.html_name)


def field_kind(bound: BoundField) -> str:
    widget = bound.field.widget
    if widget.is_hidden:
        return "hidden"
    # Subclasses first: CheckboxSelectMultiple is a RadioSelect, and every input below is an Input.
    if isinstance(widget, DateInputWidget):
        return "date"
    if isinstance(widget, forms.MultiWidget):
        return "group"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.Textarea):
        return "character_count" if getattr(bound.field, "max_length", None) else "textarea"
    return "input"


def error_anchor(bound: BoundField) -> str:
    """The id an error-summary link for this field moves focus to: "" when there is none.

    Radios, checkboxes and the date input have several inputs; the link goes to the first.
    """
    kind = field_kind(bound)
    if kind == "hidden":
        return ""
    if kind in {"radios", "checkboxes"}:
        options = bound.field.widget.subwidgets(bound.html_name, bound.value(), attrs={"id": field_id(bound)})
        first = next(iter(options), None)
        return str(first["attrs"]["id"]) if first else ""
    if kind in {"date", "group"}:
        return f"{field_id(bound)}_0"
    return field_id(bound)


def _classes(*parts: Any) -> str:
    """Join class lists, dropping blanks and repeats, keeping the first order."""
    seen: list[str] = []
    for part in parts:
        for name in str(part or "").split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


@dataclass
class GovukField:
    """What the field templates need to render one bound field as a GOV.UK component."""

    bound: BoundField
    kind: str
    id: str
    size: str = ""
    heading: bool = False
    control: SafeString = field(default_factory=lambda: SafeString(""))
    items: list[dict[str, Any]] = field(default_factory=list)
    maxlength: int | None = None
    current_file: dict[str, Any] | None = None

    @property
    def template_name(self) -> str:
        return f"frontend/forms/fields/{_TEMPLATES[self.kind]}.html"

    @property
    def label(self) -> Any:
        return self.bound.label

    @property
    def hint(self) -> Any:
        return self.bound.help_text

    @property
    def errors(self) -> list[str]:
        return [str(error) for error in self.bound.errors]

    @property
    def hint_id(self) -> str:
        return f"{self.id}-hint" if self.hint else ""

    @property
    def error_id(self) -> str:
        return f"{self.id}-error" if self.errors else ""

    @property
    def info_id(self) -> str:
        return f"{self.id}-info"

    @property
    def describedby(self) -> str:
        ids = [self.info_id] if self.kind == "character_count" else []
        return " ".join(ids + [i for i in (self.hint_id, self.error_id) if i])

    @property
    def label_class(self) -> str:
        return _classes("govuk-label", f"govuk-label--{self.size}" if self.size else "")

    @property
    def legend_class(self) -> str:
        return _classes("govuk-fieldset__legend", f"govuk-fieldset__legend--{self.size}" if self.size else "")

    @property
    def container_class(self) -> str:
        """The radios or checkboxes block; the widget's own class may add e.g. govuk-radios--inline."""
        return _classes(f"govuk-{self.kind}", self.bound.field.widget.attrs.get("class", ""))

    @property
    def form_group_class(self) -> str:
        return _classes(
            "govuk-form-group",
            "govuk-form-group--error" if self.errors else "",
            "govuk-password-input" if self.kind == "password" else "",
            "govuk-character-count" if self.kind == "character_count" else "",
        )


def govuk_field(bound: BoundField, *, size: str = "", heading: bool = False) -> GovukField:
    """Describe ``bound`` for the templates, rendering its control with GOV.UK classes.

    ``size`` ("s", "m", "l" or "xl") sets the label or legend size; ``heading`` makes the
    label or legend the page's h1, for question pages with one question.
    """
    kind = field_kind(bound)
    govuk = GovukField(
        bound=bound, kind=kind, id=field_id(bound), size=size if size in LABEL_SIZES else "", heading=heading
    )
    if kind == "hidden":
        govuk.control = SafeString(bound.as_widget())
    elif kind in {"radios", "checkboxes"}:
        govuk.items = _choice_items(bound, govuk)
    elif kind in {"date", "group"}:
        govuk.control = _render_group(bound, govuk)
    else:
        govuk.control = _render_single(bound, govuk)
    return govuk


def _render_single(bound: BoundField, govuk: GovukField) -> SafeString:
    widget = bound.field.widget
    own_class = widget.attrs.get("class", "")
    error = bool(govuk.errors)
    attrs: dict[str, Any] = {"id": govuk.id}
    render_with: forms.Widget | None = None
    match govuk.kind:
        case "input":
            attrs["class"] = _classes("govuk-input", own_class, "govuk-input--error" if error else "")
            if isinstance(widget, forms.NumberInput):
                # GOV.UK asks for a text input with a numeric keyboard: type="number" rounds,
                # scrolls and accepts "e". The field still validates the number.
                render_with = copy.deepcopy(widget)
                render_with.input_type = "text"
                for name in ("min", "max", "step"):
                    render_with.attrs.pop(name, None)
                whole = not isinstance(bound.field, (forms.FloatField, forms.DecimalField))
                attrs.setdefault("inputmode", widget.attrs.get("inputmode", "numeric" if whole else "decimal"))
            if getattr(widget, "input_type", "") == "email" and "spellcheck" not in widget.attrs:
                attrs["spellcheck"] = "false"
        case "password":
            attrs["class"] = _classes(
                "govuk-input",
                "govuk-password-input__input",
                "govuk-js-password-input-input",
                own_class,
                "govuk-input--error" if error else "",
            )
            attrs["spellcheck"] = "false"
            attrs["autocapitalize"] = "none"
            if "autocomplete" not in widget.attrs:
                attrs["autocomplete"] = "current-password"
        case "textarea":
            attrs["class"] = _classes("govuk-textarea", "govuk-textarea--error" if error else "", own_class)
        case "character_count":
            attrs["class"] = _classes(
                "govuk-textarea", "govuk-textarea--error" if error else "", "govuk-js-character-count", own_class
            )
            # The count tells people the limit; a maxlength attribute would silently cut text off.
            attrs["maxlength"] = False
            govuk.maxlength = int(bound.field.max_length)  # type: ignore[attr-defined]
        case "select":
            attrs["class"] = _classes("govuk-select", own_class, "govuk-select--error" if error else "")
        case "file":
            attrs["class"] = _classes("govuk-file-upload", own_class, "govuk-file-upload--error" if error else "")
            if isinstance(widget, forms.ClearableFileInput):
                govuk.current_file = _current_file(bound, widget)
                render_with = forms.FileInput(attrs=dict(widget.attrs))
                render_with.is_required = widget.is_required
        case "checkbox":
            attrs["class"] = _classes("govuk-checkboxes__input", own_class)
    if govuk.describedby:
        attrs["aria-describedby"] = govuk.describedby
    return SafeString(bound.as_widget(widget=render_with, attrs=attrs))


def _current_file(bound: BoundField, widget: forms.ClearableFileInput) -> dict[str, Any] | None:
    value = bound.value()
    if not value or not hasattr(value, "name"):
        return None
    try:
        url = value.url
    except ValueError:  # a private file: it has no public address
        url = ""
    name = widget.clear_checkbox_name(bound.html_name)
    return {
        "name": str(value.name).rsplit("/", 1)[-1],
        "url": url,
        "can_clear": not bound.field.required and not bound.field.disabled,
        "clear_name": name,
        "clear_id": widget.clear_checkbox_id(name),
        "clear_checked": widget.checked,
    }


def _choice_items(bound: BoundField, govuk: GovukField) -> list[dict[str, Any]]:
    widget = bound.field.widget
    prefix = "govuk-checkboxes" if govuk.kind == "checkboxes" else "govuk-radios"
    attrs = bound.build_widget_attrs({"id": govuk.id, "class": f"{prefix}__input"})
    # The fieldset carries the hint and error; GOV.UK marks no single radio as invalid.
    attrs.pop("aria-invalid", None)
    attrs.pop("aria-describedby", None)
    items = []
    for option in widget.subwidgets(bound.html_name, bound.value(), attrs=attrs):
        item = BoundWidget(widget, option, bound.form.renderer)
        items.append({"id": item.id_for_label, "label": item.choice_label, "input": SafeString(item.tag())})
    return items


def _render_group(bound: BoundField, govuk: GovukField) -> SafeString:
    attrs: dict[str, Any] = {"id": govuk.id}
    if govuk.kind == "date" and govuk.errors:
        parts = _date_error_parts(bound)
        if parts:
            attrs[ERROR_PARTS_ATTR] = " ".join(parts)
    return SafeString(bound.as_widget(attrs=attrs))


def _date_error_parts(bound: BoundField) -> list[str]:
    """The parts of a date input to highlight: empty means all of them."""
    parts: set[str] = set()
    for error in bound.errors.as_data():
        part = _error_part(error)
        if part is None:
            return []
        parts.add(part)
    return [part for part in DATE_PARTS if part in parts]


def _error_part(error: ValidationError) -> str | None:
    code = getattr(error, "code", None)
    if code in _DATE_ERROR_PARTS:
        return _DATE_ERROR_PARTS[code]
    params = getattr(error, "params", None) or {}
    part = params.get("part") if isinstance(params, dict) else None
    return str(part) if part in DATE_PARTS else None
