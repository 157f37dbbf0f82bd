"""Every kind of Django form field renders as its GOV.UK Frontend component (ADR 0004)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

from coopcouncil.frontend.fields import DateInputField
from coopcouncil.frontend.templatetags.govuk import form_error_list
from tests.frontend.html import Element, Page


class EveryFieldForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=100,
        help_text="As it appears on letters",
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    postcode = forms.CharField(
        label="Postcode", max_length=10, widget=forms.TextInput(attrs={"class": "govuk-input--width-10"})
    )
    email = forms.EmailField(label="Email address")
    age = forms.IntegerField(label="Age", min_value=0, max_value=130)
    website = forms.URLField(label="Website", required=False)
    password = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    story = forms.CharField(label="Your story", widget=forms.Textarea(attrs={"rows": 4}), max_length=500)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False, help_text="Anything else")
    contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=[("email", "Email"), ("post", "Post"), ("phone", "Phone")],
        widget=forms.RadioSelect,
        help_text="Choose one",
    )
    needs = forms.MultipleChoiceField(
        label="Access needs",
        choices=[("step_free", "Step-free access"), ("hearing_loop", "Hearing loop")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    agree = forms.BooleanField(label="I agree to the terms", help_text="You can withdraw at any time")
    ward = forms.ChoiceField(label="Ward", choices=[("", "Choose a ward"), ("brixton", "Brixton"), ("oval", "Oval")])
    evidence = forms.FileField(label="Upload evidence", required=False, help_text="A photo or a PDF")
    birthday = DateInputField(label="Date of birth", help_text="For example, 27 3 2007")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("full_name") == "Nobody":
            raise forms.ValidationError("We could not check your details")
        return cleaned


VALID = {
    "full_name": "Amara Okafor",
    "postcode": "SW9 7AB",
    "email": "amara@example.org",
    "age": "34",
    "website": "",
    "password": "correct horse battery",
    "story": "I live here.",
    "notes": "",
    "contact": "post",
    "needs": ["hearing_loop"],
    "agree": "on",
    "ward": "oval",
    "birthday_day": "27",
    "birthday_month": "3",
    "birthday_year": "1990",
    "token": "abc",
}


def render(form: forms.Form) -> Page:
    return Page(str(form))


def control(page: Page, element_id: str) -> Element:
    element = page.by_id(element_id)
    assert element is not None, f"no element with id {element_id}"
    return element


def form_group(element: Element) -> Element:
    group = element.closest(cls="govuk-form-group")
    assert group is not None
    return group


@pytest.fixture
def blank() -> Page:
    return render(EveryFieldForm())


@pytest.fixture
def invalid_form() -> EveryFieldForm:
    form = EveryFieldForm(data={"email": "not an email", "age": "old", "birthday_day": "3", "birthday_year": "1990"})
    assert not form.is_valid()
    return form


class TextInputTests:
    def test_label_hint_and_input_are_linked(self, blank: Page) -> None:
        field = control(blank, "id_full_name")
        assert field.tag == "input" and field.attrs["type"] == "text"
        assert field.classes == ["govuk-input"]
        label = blank.find("label", for_="id_full_name")
        assert label is not None and label.has_class("govuk-label") and label.text == "Full name"
        hint = control(blank, "id_full_name-hint")
        assert hint.has_class("govuk-hint") and hint.text == "As it appears on letters"
        assert field.attrs["aria-describedby"] == "id_full_name-hint"

    def test_the_widgets_own_attributes_are_kept(self, blank: Page) -> None:
        field = control(blank, "id_full_name")
        assert field.attrs["autocomplete"] == "name" and field.attrs["spellcheck"] == "false"
        assert control(blank, "id_postcode").classes == ["govuk-input", "govuk-input--width-10"]

    def test_a_field_without_hint_or_error_has_no_aria_describedby(self, blank: Page) -> None:
        assert "aria-describedby" not in control(blank, "id_postcode").attrs

    def test_email_and_url_keep_their_types_and_email_is_not_spellchecked(self, blank: Page) -> None:
        email = control(blank, "id_email")
        assert email.attrs["type"] == "email" and email.attrs["spellcheck"] == "false"
        assert control(blank, "id_website").attrs["type"] == "url"

    def test_a_number_is_a_text_input_with_a_numeric_keyboard(self, blank: Page) -> None:
        age = control(blank, "id_age")
        assert age.attrs["type"] == "text" and age.attrs["inputmode"] == "numeric"
        assert "min" not in age.attrs and "max" not in age.attrs

    def test_errors_mark_the_group_the_input_and_describe_it(self, invalid_form: EveryFieldForm) -> None:
        page = render(invalid_form)
        field = control(page, "id_full_name")
        assert field.has_class("govuk-input--error")
        assert form_group(field).has_class("govuk-form-group--error")
        error = control(page, "id_full_name-error")
        assert error.tag == "p" and error.has_class("govuk-error-message")
        assert error.text == "Error: This field is required."
        assert field.attrs["aria-describedby"] == "id_full_name-hint id_full_name-error"
        assert control(page, "id_postcode").classes == ["govuk-input", "govuk-input--width-10", "govuk-input--error"]

    def test_a_valid_form_shows_no_errors(self) -> None:
        form = EveryFieldForm(data=VALID)
        assert form.is_valid(), form.errors
        page = render(form)
        assert not page.find_all(cls="govuk-error-message")
        assert not page.find_all(cls="govuk-form-group--error")
        assert control(page, "id_full_name").attrs["value"] == "Amara Okafor"


class PasswordTests:
    def test_uses_the_password_input_component(self, blank: Page) -> None:
        field = control(blank, "id_password")
        assert field.attrs["type"] == "password"
        assert {"govuk-input", "govuk-password-input__input", "govuk-js-password-input-input"} <= set(field.classes)
        assert field.attrs["autocomplete"] == "new-password"
        assert field.attrs["spellcheck"] == "false" and field.attrs["autocapitalize"] == "none"
        wrapper = field.parent
        assert wrapper is not None and wrapper.has_class("govuk-password-input__wrapper")
        group = form_group(field)
        assert group.has_class("govuk-password-input") and group.attrs["data-module"] == "govuk-password-input"
        toggle = wrapper.find("button")
        assert toggle is not None and toggle.attrs["aria-controls"] == "id_password" and "hidden" in toggle.attrs
        assert toggle.attrs["type"] == "button"


class TextareaTests:
    def test_a_textarea_without_a_limit_is_a_plain_textarea(self, blank: Page) -> None:
        notes = control(blank, "id_notes")
        assert notes.tag == "textarea" and notes.classes == ["govuk-textarea"]
        assert form_group(notes).find(cls="govuk-character-count__message") is None
        assert notes.attrs["aria-describedby"] == "id_notes-hint"

    def test_a_limit_gives_a_character_count_that_works_without_javascript(self, blank: Page) -> None:
        story = control(blank, "id_story")
        group = form_group(story)
        assert group.has_class("govuk-character-count")
        assert group.attrs["data-module"] == "govuk-character-count" and group.attrs["data-maxlength"] == "500"
        assert story.has_class("govuk-js-character-count") and story.attrs["rows"] == "4"
        assert "maxlength" not in story.attrs  # the count warns; the browser must not cut text off
        info = control(blank, "id_story-info")
        assert info.has_class("govuk-character-count__message") and info.has_class("govuk-hint")
        assert info.text == "You can enter up to 500 characters"
        assert story.attrs["aria-describedby"] == "id_story-info"

    def test_a_character_count_without_help_text_but_with_an_error(self, invalid_form: EveryFieldForm) -> None:
        page = render(invalid_form)
        story = control(page, "id_story")
        assert story.has_class("govuk-textarea--error")
        assert story.attrs["aria-describedby"] == "id_story-info id_story-error"
        assert page.by_id("id_story-hint") is None


class RadiosAndCheckboxesTests:
    @pytest.mark.parametrize(
        ("name", "kind", "count"),
        [("contact", "radios", 3), ("needs", "checkboxes", 2)],
    )
    def test_options_sit_in_a_fieldset_with_a_legend(self, blank: Page, name: str, kind: str, count: int) -> None:
        first = control(blank, f"id_{name}_0")
        assert first.tag == "input" and first.has_class(f"govuk-{kind}__input")
        container = first.closest(cls=f"govuk-{kind}")
        assert container is not None and container.attrs["data-module"] == f"govuk-{kind}"
        items = container.find_all(cls=f"govuk-{kind}__item")
        assert len(items) == count
        for index, item in enumerate(items):
            box = item.find("input")
            label = item.find("label")
            assert box is not None and label is not None
            assert box.id == f"id_{name}_{index}" and label.attrs["for"] == box.id
            assert label.classes == ["govuk-label", f"govuk-{kind}__label"]
        fieldset = first.closest("fieldset")
        assert fieldset is not None and fieldset.has_class("govuk-fieldset")
        legend = fieldset.find("legend")
        assert legend is not None and legend.has_class("govuk-fieldset__legend")
        hint = control(blank, f"id_{name}-hint")
        assert hint.closest("fieldset") is fieldset
        assert fieldset.attrs["aria-describedby"] == f"id_{name}-hint"

    def test_errors_are_inside_the_fieldset_and_describe_it(self, invalid_form: EveryFieldForm) -> None:
        page = render(invalid_form)
        for name in ("contact", "needs"):
            fieldset = control(page, f"id_{name}_0").closest("fieldset")
            assert fieldset is not None
            assert fieldset.attrs["aria-describedby"] == f"id_{name}-hint id_{name}-error"
            assert control(page, f"id_{name}-error").closest("fieldset") is fieldset
            assert form_group(fieldset).has_class("govuk-form-group--error")

    def test_choices_made_are_kept(self) -> None:
        page = render(EveryFieldForm(data={**VALID, "needs": ["step_free", "hearing_loop"]}))
        assert "checked" in control(page, "id_contact_1").attrs
        assert "checked" not in control(page, "id_contact_0").attrs
        assert "checked" in control(page, "id_needs_0").attrs and "checked" in control(page, "id_needs_1").attrs

    def test_a_widget_class_styles_the_whole_set(self) -> None:
        class InlineForm(forms.Form):
            answer = forms.ChoiceField(
                label="Yes or no?",
                choices=[("yes", "Yes"), ("no", "No")],
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
            )

        page = render(InlineForm())
        container = control(page, "id_answer_0").closest(cls="govuk-radios")
        assert container is not None and container.has_class("govuk-radios--inline")
        assert control(page, "id_answer_0").classes == ["govuk-radios__input"]


class SingleCheckboxTests:
    def test_one_checkbox_with_its_label_beside_it(self, blank: Page) -> None:
        box = control(blank, "id_agree")
        assert box.attrs["type"] == "checkbox" and box.has_class("govuk-checkboxes__input")
        item = box.parent
        assert item is not None and item.has_class("govuk-checkboxes__item")
        label = item.find("label")
        assert label is not None and label.attrs["for"] == "id_agree" and label.text == "I agree to the terms"
        assert label.has_class("govuk-checkboxes__label")
        hint = control(blank, "id_agree-hint")
        assert hint.has_class("govuk-checkboxes__hint") and box.attrs["aria-describedby"] == "id_agree-hint"
        assert box.closest("fieldset") is None

    def test_in_error(self, invalid_form: EveryFieldForm) -> None:
        page = render(invalid_form)
        box = control(page, "id_agree")
        assert box.attrs["aria-describedby"] == "id_agree-hint id_agree-error"
        assert form_group(box).has_class("govuk-form-group--error")


class SelectAndFileTests:
    def test_select(self, blank: Page, invalid_form: EveryFieldForm) -> None:
        select = control(blank, "id_ward")
        assert select.tag == "select" and select.classes == ["govuk-select"]
        assert len(select.find_all("option")) == 3
        in_error = control(render(invalid_form), "id_ward")
        assert in_error.classes == ["govuk-select", "govuk-select--error"]
        assert in_error.attrs["aria-describedby"] == "id_ward-error"

    def test_file_upload(self, blank: Page) -> None:
        upload = control(blank, "id_evidence")
        assert upload.attrs["type"] == "file" and upload.classes == ["govuk-file-upload"]
        assert upload.attrs["aria-describedby"] == "id_evidence-hint"
        assert not blank.find_all(cls="clearable-file-input")

    def test_a_file_already_uploaded_can_be_removed(self) -> None:
        class FakeFile:
            name = "evidence/letter.pdf"
            url = "/files/letter.pdf"

            def __str__(self) -> str:
                return self.name

        page = render(EveryFieldForm(initial={"evidence": FakeFile()}))
        link = page.find("a", href="/files/letter.pdf")
        assert link is not None and link.has_class("govuk-link") and link.text == "letter.pdf"
        clear = control(page, "evidence-clear_id")
        assert clear.attrs["name"] == "evidence-clear" and clear.has_class("govuk-checkboxes__input")

    def test_an_upload_with_an_error(self) -> None:
        form = EveryFieldForm(data=VALID, files={"evidence": SimpleUploadedFile("empty.txt", b"")})
        assert not form.is_valid()
        upload = control(render(form), "id_evidence")
        assert upload.classes == ["govuk-file-upload", "govuk-file-upload--error"]


class DateInputTests:
    def test_three_inputs_in_a_fieldset(self, blank: Page) -> None:
        day = control(blank, "id_birthday_0")
        assert day.attrs["name"] == "birthday_day" and day.attrs["inputmode"] == "numeric"
        assert day.classes == ["govuk-input", "govuk-date-input__input", "govuk-input--width-2"]
        assert control(blank, "id_birthday_2").has_class("govuk-input--width-4")
        fieldset = day.closest("fieldset")
        assert fieldset is not None and fieldset.attrs["role"] == "group"
        assert fieldset.attrs["aria-describedby"] == "id_birthday-hint"
        legend = fieldset.find("legend")
        assert legend is not None and legend.text == "Date of birth"
        labels = [label.text for label in fieldset.find_all("label", cls="govuk-date-input__label")]
        assert labels == ["Day", "Month", "Year"]

    def test_only_the_missing_part_is_marked(self, invalid_form: EveryFieldForm) -> None:
        page = render(invalid_form)
        assert invalid_form.errors["birthday"] == ["Date of birth must include a month"]
        assert not control(page, "id_birthday_0").has_class("govuk-input--error")
        assert control(page, "id_birthday_1").has_class("govuk-input--error")
        assert not control(page, "id_birthday_2").has_class("govuk-input--error")
        fieldset = control(page, "id_birthday_0").closest("fieldset")
        assert fieldset is not None and fieldset.attrs["aria-describedby"] == "id_birthday-hint id_birthday-error"
        assert control(page, "id_birthday-error").closest("fieldset") is fieldset

    def test_a_date_that_does_not_exist_marks_every_part(self) -> None:
        form = EveryFieldForm(data={**VALID, "birthday_day": "31", "birthday_month": "2"})
        assert not form.is_valid()
        page = render(form)
        for index in range(3):
            assert control(page, f"id_birthday_{index}").has_class("govuk-input--error")

    def test_values_are_kept(self) -> None:
        page = render(EveryFieldForm(data=VALID))
        assert [control(page, f"id_birthday_{i}").attrs.get("value") for i in range(3)] == ["27", "3", "1990"]


class HiddenAndFormLevelTests:
    def test_hidden_fields_are_plain_hidden_inputs(self, blank: Page) -> None:
        token = control(blank, "id_token")
        assert token.attrs["type"] == "hidden"
        assert token.closest(cls="govuk-form-group") is None

    def test_non_field_errors_appear_only_in_the_error_summary(self) -> None:
        form = EveryFieldForm(data={**VALID, "full_name": "Nobody"})
        assert not form.is_valid()
        assert "We could not check your details" not in str(form)
        assert form_error_list(form) == [("", "We could not check your details")]

    def test_as_p_and_as_div_use_the_govuk_templates(self) -> None:
        form = EveryFieldForm()
        for html in (form.as_p(), form.as_div()):
            page = Page(html)
            assert control(page, "id_full_name").has_class("govuk-input")
            assert all(p.classes for p in page.find_all("p"))


class ErrorSummaryTests:
    def test_every_link_points_at_a_control_in_the_form(self, invalid_form: EveryFieldForm) -> None:
        summary = Page(render_to_string("frontend/forms/error_summary.html", {"form": invalid_form}))
        page = Page(summary.html + str(invalid_form))
        links = page.error_summary_links()
        assert "#id_contact_0" in links and "#id_needs_0" in links and "#id_birthday_0" in links
        assert "#id_full_name" in links and "#id_agree" in links
        assert page.broken_error_summary_links() == []
        assert page.duplicate_ids() == []

    def test_the_summary_follows_the_govuk_markup(self, invalid_form: EveryFieldForm) -> None:
        page = Page(render_to_string("frontend/forms/error_summary.html", {"form": invalid_form}))
        summary = page.find("div", cls="govuk-error-summary")
        assert summary is not None and summary.attrs["data-module"] == "govuk-error-summary"
        alert = summary.find("div", role="alert")
        assert alert is not None
        title = alert.find("h2", cls="govuk-error-summary__title")
        assert title is not None and title.text == "There is a problem"
        assert alert.find("ul", cls="govuk-error-summary__list") is not None

    def test_no_summary_without_errors(self) -> None:
        assert render_to_string("frontend/forms/error_summary.html", {"form": EveryFieldForm()}).strip() == ""

    def test_a_page_with_errors_says_so_in_its_title(self, invalid_form: EveryFieldForm) -> None:
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        html = render_to_string("frontend/form_page.html", {"form": invalid_form}, request=request)
        page = Page(html)
        assert page.title.startswith("Error: ")
        assert page.broken_error_summary_links() == []
        assert page.duplicate_ids() == []
        clean = Page(render_to_string("frontend/form_page.html", {"form": EveryFieldForm()}, request=request))
        assert not clean.title.startswith("Error:")

    def test_a_choice_field_without_choices_has_no_link_rather_than_a_broken_one(self) -> None:
        class EmptyChoices(forms.Form):
            pick = forms.ChoiceField(label="Pick", choices=[], widget=forms.RadioSelect)

        form = EmptyChoices(data={})
        assert not form.is_valid()
        assert form_error_list(form) == [("", "This field is required.")]


class PresentationOptionsTests:
    def test_a_label_can_be_the_page_heading(self) -> None:
        form = EveryFieldForm()
        html = Template('{% load govuk %}{% govuk_field form.email size="l" heading=True %}').render(
            Context({"form": form})
        )
        page = Page(html)
        heading = page.find("h1", cls="govuk-label-wrapper")
        assert heading is not None
        label = heading.find("label")
        assert label is not None and label.classes == ["govuk-label", "govuk-label--l"]

    def test_a_legend_can_be_the_page_heading(self) -> None:
        form = EveryFieldForm()
        html = Template('{% load govuk %}{% govuk_field form.contact size="xl" heading=True %}').render(
            Context({"form": form})
        )
        legend = Page(html).find("legend")
        assert legend is not None and legend.classes == ["govuk-fieldset__legend", "govuk-fieldset__legend--xl"]
        assert legend.find("h1", cls="govuk-fieldset__heading") is not None
