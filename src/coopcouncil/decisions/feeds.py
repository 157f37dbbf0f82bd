"""The decision log as an Atom feed, with the same filters as the page."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from coopcouncil.decisions import selectors
from coopcouncil.decisions.forms import DecisionFilterForm
from coopcouncil.decisions.presenters import DecisionEntry, decision_present

FEED_LENGTH = 50


class DecisionFeed(Feed[DecisionEntry, DecisionFilterForm]):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> DecisionFilterForm:
        return DecisionFilterForm(request.GET or None)

    def title(self, obj: DecisionFilterForm) -> str:
        return _("Decisions of the co-operative council")

    def subtitle(self, obj: DecisionFilterForm) -> str:
        return _("Who decided, when, how and why: budgets, commissioning and more.")

    def link(self, obj: DecisionFilterForm) -> str:
        return reverse("decisions:decision_log")

    def items(self, obj: DecisionFilterForm) -> list[DecisionEntry]:
        decisions = selectors.decisions_published(obj.filters())[:FEED_LENGTH]
        return [decision_present(decision) for decision in decisions]

    def item_title(self, item: DecisionEntry) -> str:
        return item.title

    def item_description(self, item: DecisionEntry) -> str:
        return _("%(outcome)s Decided by %(who)s (%(how)s). Why: %(reasons)s") % {
            "outcome": item.outcome,
            "who": item.decided_by,
            "how": item.method_label,
            "reasons": item.reasons,
        }

    def item_link(self, item: DecisionEntry) -> str:
        return item.url

    def item_guid(self, item: DecisionEntry) -> str:
        return f"urn:uuid:{item.reference}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: DecisionEntry) -> datetime:
        return item.decided_at

    def item_categories(self, item: DecisionEntry) -> list[str]:
        return [item.kind_label]
