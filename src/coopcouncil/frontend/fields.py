"""Form fields that GOV.UK patterns need and Django lacks: the day, month, year date input."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE_PARTS = ("day", "month", "year")
# The field template names the parts in error through this attribute; the widget removes it.
ERROR_PARTS_ATTR = "data-govuk-error-parts"


class DateInputWidget(forms.MultiWidget):
    """Three inputs (day, month, year) rendered as the GOV.UK date input component."""

    template_name = "frontend/forms/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        super().__init__(widgets, attrs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        """Each input gets the GOV.UK classes; only the parts in error get the error class.

        When the field is in error (Django sets aria-invalid), the parts listed in
        ``ERROR_PARTS_ATTR`` are highlighted, or all three when it does not say.
        """
        attrs = dict(attrs or {})
        named = str(attrs.pop(ERROR_PARTS_ATTR, "") or "").split()
        invalid = attrs.pop("aria-invalid", None) == "true"
        attrs.pop("class", None)
        context: dict[str, Any] = super().get_context(name, value, attrs)
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            in_error = invalid and (not named or part in named)
            subwidget["part"] = part
            subwidget["attrs"]["class"] = " ".join(
                [
                    "govuk-input",
                    "govuk-date-input__input",
                    *(["govuk-input--error"] if in_error else []),
                    f"govuk-input--width-{4 if part == 'year' else 2}",
                ]
            )
            if in_error:
                subwidget["attrs"]["aria-invalid"] = "true"
        return context

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, PartialDate):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def set_autocomplete(self, prefix: str) -> None:
        """e.g. 'bday' so browsers offer a saved date of birth."""
        for part, widget in zip(("day", "month", "year"), self.widgets, strict=True):
            widget.attrs["autocomplete"] = f"{prefix}-{part}"


@dataclass(frozen=True)
class PartialDate:
    """A date where only the year may be known (someone who gives just their year of birth)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def full(self) -> date | None:
        if self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)


def _number(value: str, *, part: str, name: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError(
            _("The %(name)s must be a number."), code="not_a_number", params={"name": name, "part": part}
        )
    return int(value)


class DateInputField(forms.MultiValueField):
    """A full date: day, month and year are all required. Errors follow the GOV.UK wording."""

    widget = DateInputWidget

    def __init__(self, *, allow_year_only: bool = False, **kwargs: Any) -> None:
        self.allow_year_only = allow_year_only
        # The parts are optional one by one, so compress() can say which is missing in GOV.UK words
        # rather than Django's "Enter a complete value".
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> PartialDate | date | None:
        if not data_list or not any((part or "").strip() for part in data_list):
            return None
        day = _number(data_list[0], part="day", name=str(_("day")))
        month = _number(data_list[1], part="month", name=str(_("month")))
        year = _number(data_list[2], part="year", name=str(_("year")))
        label = str(self.label or _("date")).lower()
        if year is None:
            raise ValidationError(_("%(label)s must include a year") % {"label": label.capitalize()}, code="no_year")
        if year < 1900 or year > 2100:
            raise ValidationError(_("Year must be 4 numbers, like 2007"), code="bad_year")
        if day is None and month is None and self.allow_year_only:
            return PartialDate(year=year)
        if day is None:
            raise ValidationError(_("%(label)s must include a day") % {"label": label.capitalize()}, code="no_day")
        if month is None:
            raise ValidationError(_("%(label)s must include a month") % {"label": label.capitalize()}, code="no_month")
        try:
            full = date(year, month, day)
        except ValueError as error:
            raise ValidationError(
                _("%(label)s must be a real date") % {"label": label.capitalize()}, code="invalid"
            ) from error
        return PartialDate(year, month, day) if self.allow_year_only else full


_POUNDS = re.compile(r"^(\d+)(?:\.(\d{1,2}))?$")


class PoundsField(forms.Field):
    """An amount of money typed in pounds ("£1,250", "1250.50"), cleaned to integer pence."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter an amount in pounds, like 1250 or 1250.50"),
        "required": _("Enter an amount in pounds"),
    }

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "spellcheck": "false"})
        attrs.setdefault("class", "govuk-input--width-10")
        return attrs

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            pounds, pence = divmod(value, 100)
            return f"{pounds}" if pence == 0 else f"{pounds}.{pence:02d}"
        return value

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip().replace(",", "").replace(" ", "").removeprefix("£")
        if not text:
            return None
        match = _POUNDS.match(text)
        if match is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))


class OwnerChoiceField(forms.ChoiceField):
    """Who owns a round, a programme or a meeting: a community or a co-operative.

    One list, grouped, with values like "community:12" and "organisation:3"; ``clean`` gives the object.
    """

    def __init__(self, *, label: Any = None, **kwargs: Any) -> None:
        super().__init__(label=label or _("Who is it for?"), **kwargs)
        self._communities: dict[str, Any] = {}
        self._organisations: dict[str, Any] = {}

    def owners_set(self, *, communities: Any, organisations: Any) -> None:
        self._communities = {f"community:{c.pk}": c for c in communities}
        self._organisations = {f"organisation:{o.pk}": o for o in organisations}
        groups: list[tuple[Any, list[tuple[str, str]]]] = [
            (_("Communities"), [(key, str(c)) for key, c in self._communities.items()])
        ]
        if self._organisations:
            groups.append((_("Co-operatives"), [(key, str(o)) for key, o in self._organisations.items()]))
        self.choices = [("", ""), *groups]

    def clean(self, value: Any) -> Any:
        key = super().clean(value)
        if not key:
            return None
        return self._communities.get(key) or self._organisations.get(key)
