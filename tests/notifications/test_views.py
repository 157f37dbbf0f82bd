"""Following a community by topic, and choosing how updates arrive, through the pages residents use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from coopcouncil.accounts.models import Consent, ConsentPurpose, ContactPreference, Person
from coopcouncil.accounts.services import acting_for_start, has_consent
from coopcouncil.core.actors import Actor
from coopcouncil.core.models import AuditEntry
from coopcouncil.notifications.models import ALL_TOPICS, Topic
from coopcouncil.notifications.selectors import follow_topics_for
from coopcouncil.notifications.services import follow_set
from coopcouncil.places.models import Community
from tests.accounts.factories import PASSWORD
from tests.accounts.personas import amara, ben, kemi, nell
from tests.frontend.html import Page
from tests.places.factories import CommunityFactory

pytestmark = pytest.mark.django_db

FOLLOW = "/follow/community/youth-services/"
UNFOLLOW = "/unfollow/community/youth-services/"


def sign_in(client: Client, person: Person) -> None:
    assert person.user is not None
    assert client.login(email=person.user.email, password=PASSWORD)


@pytest.fixture
def youth() -> Community:
    return CommunityFactory(name="Youth services", slug="youth-services")


def ticked(page: Page) -> list[str]:
    return chosen(page, "topics")


def chosen(page: Page, name: str) -> list[str]:
    return [box.attrs["value"] or "" for box in page.main.find_all("input", name=name) if "checked" in box.attrs]


def banner(page: Page) -> str:
    found = page.main.find("div", cls="govuk-notification-banner")
    return found.text if found else ""


class CommunityPageFollowFormTests:
    def test_a_resident_who_follows_nothing_sees_every_topic_unticked(self, client: Client, youth: Community) -> None:
        sign_in(client, amara())
        page = Page(client.get("/communities/youth-services/").content.decode())
        form = page.main.find("form", action=FOLLOW)
        assert form is not None and form.attrs["method"] == "post"
        legend = form.find("legend")
        assert legend is not None and legend.text == "Get updates about Youth services"
        labels = [label.text for label in form.find_all("label", cls="govuk-checkboxes__label")]
        assert labels == [str(topic.label) for topic in Topic]
        assert ticked(page) == []
        assert [b.text for b in form.find_all("button")] == ["Follow Youth services"]
        assert "How we contact you: Email." in form.text

    def test_the_boxes_are_ticked_with_what_the_person_follows(self, client: Client, youth: Community) -> None:
        resident = amara()
        follow_set(actor=Actor(person=resident), target=youth, topics=[Topic.VOTES, Topic.NEWS])
        sign_in(client, resident)
        page = Page(client.get("/communities/youth-services/").content.decode())
        assert ticked(page) == ["votes", "news"]
        assert "You follow this community." in page.main.text
        buttons = {b.text: b.attrs.get("formaction") for b in page.main.find_all("button")}
        assert buttons == {"Save changes": None, "Stop following": UNFOLLOW}  # no JavaScript needed for either

    def test_a_resident_told_not_to_contact_them_is_warned(self, client: Client, youth: Community) -> None:
        sign_in(client, amara())
        Person.objects.filter(user__email="amara@example.org").update(contact_preference=ContactPreference.NONE)
        page = Page(client.get("/communities/youth-services/").content.decode())
        warning = page.main.find("div", cls="govuk-warning-text")
        assert warning is not None and "we will not send you these updates" in warning.text
        assert warning.find("a", href=reverse("notifications:preferences")) is not None

    def test_someone_signed_out_is_asked_to_sign_in(self, client: Client, youth: Community) -> None:
        page = Page(client.get("/communities/youth-services/").content.decode())
        assert page.main.find("form", action=FOLLOW) is None
        assert "Sign in to follow this community" in page.main.text


class FollowTests:
    def test_following_chosen_topics_then_changing_them(self, client: Client, youth: Community) -> None:
        resident = amara()
        sign_in(client, resident)
        response = client.post(FOLLOW, {"topics": ["votes", "meetings"]})
        assert response.status_code == 302 and response["Location"] == "/communities/youth-services/"
        assert follow_topics_for(person=resident, target=youth) == {"votes", "meetings"}
        page = Page(client.get(response["Location"]).content.decode())
        assert banner(page) == "Success You now follow Youth services."
        assert ticked(page) == ["votes", "meetings"]

        response = client.post(FOLLOW, {"topics": ["ideas", "decisions"]}, follow=True)
        assert banner(Page(response.content.decode())) == "Success Your updates from Youth services are saved."
        assert follow_topics_for(person=resident, target=youth) == {"ideas", "decisions"}
        details = AuditEntry.objects.filter(actor=resident, action="follow.changed").order_by("pk")
        assert [entry.details["topics"] for entry in details] == [["meetings", "votes"], ["decisions", "ideas"]]

    def test_nothing_ticked_is_explained_and_nothing_changes(self, client: Client, youth: Community) -> None:
        resident = amara()
        follow_set(actor=Actor(person=resident), target=youth, topics=[Topic.NEWS])
        sign_in(client, resident)
        response = client.post(FOLLOW, {})
        assert response.status_code == 200
        page = Page(response.content.decode())
        assert page.title.startswith("Error: Get updates about Youth services")
        assert page.error_summary_links() == ["#id_topics_0"]
        assert page.by_id("id_topics_0") is not None
        error = page.main.find("p", cls="govuk-error-message")
        assert error is not None and "Select at least one thing to get updates about" in error.text
        h1 = page.main.find("h1")
        assert h1 is not None and h1.text == "Get updates about Youth services"
        assert "Stop following" in page.main.text  # the way out when nothing is wanted
        assert follow_topics_for(person=resident, target=youth) == {"news"}

    def test_an_unknown_topic_is_refused(self, client: Client, youth: Community) -> None:
        resident = amara()
        sign_in(client, resident)
        response = client.post(FOLLOW, {"topics": ["votes", "gossip"]})
        assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
        assert follow_topics_for(person=resident, target=youth) == set()

    def test_the_question_page_works_on_its_own(self, client: Client, youth: Community) -> None:
        sign_in(client, amara())
        page = Page(client.get(FOLLOW).content.decode())
        h1 = page.main.find("h1")
        assert h1 is not None and h1.text == "Get updates about Youth services"
        back = page.find("a", cls="govuk-back-link")
        assert back is not None and back.attrs["href"] == "/communities/youth-services/"

    def test_stopping_removes_every_topic(self, client: Client, youth: Community) -> None:
        resident = amara()
        follow_set(actor=Actor(person=resident), target=youth, topics=ALL_TOPICS)
        sign_in(client, resident)
        response = client.post(UNFOLLOW, {"topics": ["votes"]}, follow=True)  # the ticks go with the form
        assert banner(Page(response.content.decode())) == "Success You no longer follow Youth services."
        assert follow_topics_for(person=resident, target=youth) == set()

    def test_following_needs_a_login_and_a_real_target_and_stopping_a_post(self, client: Client) -> None:
        CommunityFactory(slug="libraries")
        assert client.post("/follow/community/libraries/", {"topics": ["votes"]}).status_code == 302  # to sign in
        sign_in(client, amara())
        assert client.get("/unfollow/community/libraries/").status_code == 405
        assert client.post("/follow/community/atlantis/", {"topics": ["votes"]}).status_code == 404
        assert client.get("/follow/planet/earth/").status_code == 404

    def test_an_officer_acting_for_a_resident_follows_for_them(self, client: Client, youth: Community) -> None:
        officer, resident = ben(), nell()
        client.force_login(officer.user)
        session = client.session
        session["acting_for_session_id"] = acting_for_start(
            actor=Actor(person=officer), resident=resident, reason="Brixton library hub"
        ).pk
        session.save()
        client.post(FOLLOW, {"topics": ["meetings"]})
        assert follow_topics_for(person=resident, target=youth) == {"meetings"}
        assert follow_topics_for(person=officer, target=youth) == set()
        entry = AuditEntry.objects.get(action="follow.changed")
        assert (entry.actor, entry.on_behalf_of) == (officer, resident)


class ConsentToUpdatesTests:
    def test_the_form_says_following_means_agreeing_and_following_records_it(
        self, client: Client, youth: Community
    ) -> None:
        resident = amara()
        sign_in(client, resident)
        page = client.get("/communities/youth-services/").content.decode()
        assert "Following means you agree to us sending you updates about what you follow" in page
        client.post(FOLLOW, {"topics": ["votes"]})
        consent = resident.consents.get(purpose=ConsentPurpose.CONTACT_UPDATES)
        assert (consent.method, consent.is_active) == ("follow button", True)
        page = client.get("/communities/youth-services/").content.decode()
        assert "Following means you agree" not in page and "you have not agreed" not in page

    def test_someone_who_withdrew_is_told_following_brings_no_updates_and_it_stays_withdrawn(
        self, client: Client, youth: Community
    ) -> None:
        resident = amara()
        Consent.objects.create(person=resident, purpose=ConsentPurpose.CONTACT_UPDATES, withdrawn_at=timezone.now())
        sign_in(client, resident)
        page = client.get("/communities/youth-services/").content.decode()
        assert "so following will not bring you any" in page
        client.post(FOLLOW, {"topics": ["votes"]})
        assert not has_consent(resident, ConsentPurpose.CONTACT_UPDATES)
        page = client.get("/communities/youth-services/").content.decode()
        assert "We will not send you updates about it, because you have not agreed" in page


class ChildWaitingForAParentTests:
    def test_a_child_is_told_why_they_cannot_follow_and_nothing_is_followed(
        self, client: Client, youth: Community
    ) -> None:
        child = kemi()
        sign_in(client, child)
        page = client.get("/communities/youth-services/").content.decode()
        assert "You cannot follow anything yet, because a parent or carer has not agreed" in page
        assert "Follow Youth services" not in page
        response = client.post(FOLLOW, {"topics": ["votes"]}, follow=True)
        assert "You cannot take part yet, because a parent or carer has not agreed" in response.content.decode()
        assert follow_topics_for(person=child, target=youth) == set()


class PreferencesTests:
    URL = "/account/updates/"

    def test_the_page_shows_the_choice_and_everything_followed(self, client: Client, youth: Community) -> None:
        resident = amara()
        libraries = CommunityFactory(name="Libraries", slug="libraries")
        follow_set(actor=Actor(person=resident), target=youth, topics=[Topic.NEWS, Topic.IDEAS])
        follow_set(actor=Actor(person=resident), target=libraries, topics=[Topic.MEETINGS])
        sign_in(client, resident)
        page = Page(client.get(self.URL).content.decode())
        assert chosen(page, "contact_preference") == ["email"]
        rows = page.main.find_all("div", cls="govuk-summary-list__row")
        assert [row.find("dt").text for row in rows] == ["Youth services", "Libraries"]  # type: ignore[union-attr]
        topics = [item.text for item in rows[0].find_all("li")]
        assert topics == ["New ideas and proposals", "News and updates"]  # in the order topics are listed
        change = rows[0].find("a")
        assert change is not None and change.attrs["href"] == "/communities/youth-services/#follow"
        assert change.text == "Change updates from Youth services"

    def test_choosing_post_without_an_address_is_explained_and_keeps_what_was_typed(self, client: Client) -> None:
        resident = amara()
        sign_in(client, resident)
        response = client.post(self.URL, {"contact_preference": "post", "address": " ", "phone": "07700 900 982"})
        page = Page(response.content.decode())
        assert page.title.startswith("Error: ")
        assert page.error_summary_links() == ["#id_address"]
        assert "Enter an address, or choose another way to hear from us" in page.main.text
        phone = page.main.find("input", name="phone")
        assert phone is not None and phone.attrs["value"] == "07700 900 982" and phone.attrs["type"] == "tel"
        assert chosen(page, "contact_preference") == ["post"]
        assert page.broken_error_summary_links() == []
        resident.refresh_from_db()
        assert resident.contact_preference == ContactPreference.EMAIL

    def test_choosing_text_messages_needs_a_phone_number_that_looks_like_one(self, client: Client) -> None:
        sign_in(client, amara())
        page = Page(client.post(self.URL, {"contact_preference": "sms", "phone": ""}).content.decode())
        assert "Enter a phone number, or choose another way to hear from us" in page.main.text
        page = Page(client.post(self.URL, {"contact_preference": "sms", "phone": "call me"}).content.decode())
        assert page.error_summary_links() == ["#id_phone"]
        assert "Enter a phone number, like 07700 900 982" in page.main.text

    def test_a_letter_by_post_is_saved_with_its_address(self, client: Client) -> None:
        resident = amara()
        sign_in(client, resident)
        response = client.post(
            self.URL, {"contact_preference": "post", "address": "1 Windrush Square\nLondon", "phone": ""}, follow=True
        )
        assert banner(Page(response.content.decode())) == "Success Saved. We will send your updates by letter."
        resident.refresh_from_db()
        assert (resident.contact_preference, resident.address) == (ContactPreference.POST, "1 Windrush Square\nLondon")

    def test_nothing_chosen_is_explained(self, client: Client) -> None:
        sign_in(client, amara())
        page = Page(client.post(self.URL, {"address": "", "phone": ""}).content.decode())
        assert page.error_summary_links() == ["#id_contact_preference_0"]
        assert "Select how we should send you updates" in page.main.text

    def test_the_dashboard_links_here(self, client: Client) -> None:
        sign_in(client, amara())
        page = Page(client.get(reverse("accounts:dashboard")).content.decode())
        link = page.main.find("a", href=self.URL)
        assert link is not None and link.text == "How we contact you and what you follow"

    def test_signing_in_is_needed(self, client: Client) -> None:
        assert client.get(self.URL).status_code == 302


class InPortugueseTests:
    @pytest.fixture(autouse=True)
    def english_afterwards(self) -> Iterator[None]:
        """A request in Portuguese leaves Portuguese active in this thread; the next test expects English."""
        before = translation.get_language()
        yield
        translation.activate(before)

    def test_the_topics_and_their_errors_are_in_portuguese(self, client: Client, youth: Community) -> None:
        sign_in(client, amara())
        client.post("/i18n/setlang/", {"language": "pt", "next": "/"})
        page = Page(client.get("/communities/youth-services/").content.decode())
        legend = page.main.find("legend")
        assert legend is not None and legend.text == "Receber novidades sobre Youth services"
        assert "Início e fim das votações" in page.main.text
        page = Page(client.post(FOLLOW, {}).content.decode())
        assert page.title.startswith("Erro: ")
        assert "Escolha pelo menos um tema sobre o qual quer receber novidades" in page.main.text
        page = Page(client.post("/account/updates/", {"contact_preference": "post"}).content.decode())
        assert "Indique um endereço ou escolha outra forma de receber notícias nossas" in page.main.text
