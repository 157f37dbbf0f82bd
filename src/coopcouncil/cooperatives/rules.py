"""The arithmetic of co-operative governance (domain.md 7.2), kept apart so it can be read and tested alone.

Resolutions count votes cast: abstentions are not votes cast. Notice is in clear days: neither the day
notice is given nor the day of the meeting counts.
"""

from __future__ import annotations

import math
from datetime import date

from coopcouncil.cooperatives.models import Cooperative, QuorumRule, ResolutionKind

SPECIAL_SHARE = (3, 4)  # at least 75% of the votes cast


def ordinary_resolution_passed(votes_for: int, votes_against: int) -> bool:
    """A simple majority of the votes cast; a tie is not a majority."""
    return votes_for > votes_against


def special_resolution_passed(votes_for: int, votes_against: int) -> bool:
    cast = votes_for + votes_against
    share_for, share_of = SPECIAL_SHARE
    return cast > 0 and votes_for * share_of >= cast * share_for


def resolution_passed(kind: ResolutionKind, votes_for: int, votes_against: int) -> bool:
    if kind == ResolutionKind.SPECIAL:
        return special_resolution_passed(votes_for, votes_against)
    return ordinary_resolution_passed(votes_for, votes_against)


def clear_days_between(notice_given_on: date, meeting_on: date) -> int:
    return (meeting_on - notice_given_on).days - 1


def quorum_for(cooperative: Cooperative, members: int) -> int:
    """How many members must be present: a share of the members and a number, whichever the rules say."""
    by_share = math.ceil(members * cooperative.quorum_percent / 100)
    if cooperative.quorum_rule == QuorumRule.GREATER:
        return max(by_share, cooperative.quorum_members)
    return min(by_share, cooperative.quorum_members)


def board_quorum(directors: int) -> int:
    """Half the directors or two, whichever is greater (domain.md 7.2)."""
    return max(2, math.ceil(directors / 2))


def retiring_by_rotation(directors: int) -> int:
    """One third of the elected directors retire at each AGM; when that is not a whole number, the
    number nearest to one third (a half rounds up)."""
    return math.floor(directors / 3 + 0.5)
