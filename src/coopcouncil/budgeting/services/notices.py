"""What budgeting tells people: phase changes to followers, review outcomes to proposers.

Messages are written here, in the language of the person who triggered them (the site's default
for scheduled work); they go out through the notifications area after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy

from coopcouncil.accounts.models import Person
from coopcouncil.budgeting.models import Phase, Proposal, Round
from coopcouncil.notifications.models import Topic
from coopcouncil.notifications.selectors import followers_of
from coopcouncil.notifications.services import people_notify

PHASE_TOPICS = {
    Phase.IDEAS_OPEN: Topic.IDEAS,
    Phase.SHORTLIST_PUBLISHED: Topic.IDEAS,
    Phase.VOTING_OPEN: Topic.VOTES,
    Phase.VOTING_CLOSED: Topic.VOTES,
    Phase.RESULTS_PUBLISHED: Topic.DECISIONS,
}

# (subject, message) for each phase a round enters.
PHASE_NEWS = {
    Phase.IDEAS_OPEN: (
        gettext_lazy("Ideas wanted: %(round)s"),
        gettext_lazy("%(round)s is open for ideas. Tell us how you would spend the money."),
    ),
    Phase.PROPOSAL_DEVELOPMENT: (
        gettext_lazy("Proposals being developed: %(round)s"),
        gettext_lazy("Ideas for %(round)s are being developed into proposals."),
    ),
    Phase.FEASIBILITY_REVIEW: (
        gettext_lazy("Proposals being checked: %(round)s"),
        gettext_lazy("Officers are checking whether the proposals for %(round)s can be delivered."),
    ),
    Phase.SHORTLIST_PUBLISHED: (
        gettext_lazy("Shortlist published: %(round)s"),
        gettext_lazy("The shortlist for %(round)s is published. See what will be on the ballot."),
    ),
    Phase.VOTING_OPEN: (
        gettext_lazy("Voting is open: %(round)s"),
        gettext_lazy("Voting in %(round)s is open. Have your say on how the money is spent."),
    ),
    Phase.VOTING_CLOSED: (
        gettext_lazy("Voting has closed: %(round)s"),
        gettext_lazy("Voting in %(round)s has closed. Thank you for taking part."),
    ),
    Phase.COUNTING: (
        gettext_lazy("Counting the votes: %(round)s"),
        gettext_lazy("The votes in %(round)s are being counted."),
    ),
    Phase.RESULTS_PUBLISHED: (
        gettext_lazy("Results: %(round)s"),
        gettext_lazy("The results of %(round)s are published. See what was funded and why."),
    ),
    Phase.DELIVERY: (
        gettext_lazy("Projects being delivered: %(round)s"),
        gettext_lazy("The projects funded by %(round)s are being delivered."),
    ),
    Phase.CLOSED: (gettext_lazy("Closed: %(round)s"), gettext_lazy("%(round)s is closed.")),
}


def _round_followers(round: Round, topic: str) -> Iterable[Person]:
    yield from followers_of(target=round, topic=topic)
    yield from followers_of(target=round.owner, topic=topic)


def round_followers_tell(*, round: Round, phase: Phase) -> None:
    topic = PHASE_TOPICS.get(phase, Topic.NEWS)
    subject, message = (str(text) % {"round": round.title} for text in PHASE_NEWS[phase])
    people_notify(
        people=_round_followers(round, topic),
        topic=topic,
        subject=subject,
        body=message,
        link=round.get_absolute_url(),
    )


def _proposers(proposal: Proposal) -> list[Person]:
    return [proposer.person for proposer in proposal.proposers.select_related("person")]


def proposers_tell(*, proposal: Proposal, subject: str, body: str) -> None:
    """About their own proposal (its review, a merge): proposers hear without a consent to updates."""
    people_notify(
        about_their_own=_proposers(proposal),
        topic=Topic.DECISIONS,
        subject=subject,
        body=body,
        link=proposal.get_absolute_url(),
    )


def proposal_followers_tell(*, proposal: Proposal, subject: str, body: str) -> None:
    """Progress on a proposal: its followers if they agreed to updates, its proposers as their own news."""
    people_notify(
        people=followers_of(target=proposal, topic=Topic.NEWS),
        about_their_own=_proposers(proposal),
        topic=Topic.NEWS,
        subject=subject,
        body=body,
        link=proposal.get_absolute_url(),
    )
