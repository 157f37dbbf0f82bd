"""Published results are recounted: the ``selected`` column of each file's PROJECTS section.

Pabulib files record the official outcome in the ``selected`` column (1 funded, 0 not), which the
reader keeps as text in ``Project.extra["selected"]``. The column says what was funded, not in which
order, so the results are compared as sets. Each case counts the file with the rule its META
``rule`` names:

- ``equalshares/add1``: Equal Shares with cost satisfaction, completed by Add1 (start at budget /
  voters, raise each share by 1, stop at the first outcome that is exhaustive or would overspend).
- ``equalshares/add1-comparison`` (Wieliczka 2023, Green Budget): Add1 that keeps raising the share
  while the outcome stays within the budget. The "comparison" step then weighed that outcome against
  the greedy one and kept the Equal Shares outcome, so the ``selected`` column is the Add1 outcome
  itself.
- ``greedy``: by votes (approval) or by total points (Częstochowa's cumulative ballots), skipping
  what does not fit.
- ``greedy-no-skip``: by votes, stopping at the first project that does not fit.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from coopcouncil.allocation.completion import Add1Stop, equal_shares_add1
from coopcouncil.allocation.model import Allocation, Election, NotFundedReason
from coopcouncil.allocation.pabulib import read_pabulib
from coopcouncil.allocation.rules.greedy import greedy


def officially_selected(election: Election) -> set[str]:
    values = {project.extra.get("selected") for project in election.projects}
    assert values <= {"0", "1"}, f"unexpected values in the selected column: {values}"
    return {project.id for project in election.projects if project.extra.get("selected") == "1"}


def read_shared(shared_dir: Path, file_name: str) -> Election:
    return read_pabulib(shared_dir / "pabulib" / file_name)


OFFICIAL_COUNTS: dict[str, tuple[str, Callable[[Election], Allocation]]] = {
    "Poland_Swiecie_2023.pb": ("equalshares/add1", equal_shares_add1),
    "Netherlands_Assen_2024.pb": ("equalshares/add1", equal_shares_add1),
    "Poland_Wieliczka_2023_Green_Budget.pb": (
        "equalshares/add1-comparison",
        partial(equal_shares_add1, stop=Add1Stop.WITHIN_BUDGET),
    ),
    "Poland_Warszawa_2025_Rembertow.pb": ("greedy", greedy),
    "Poland_Warszawa_2022_Wawer.pb": ("greedy", greedy),
    "Poland_Warszawa_2020_Praga-Poludnie.pb": ("greedy", greedy),
    "Poland_Czestochowa_2024.pb": ("greedy", greedy),
    "Poland_Czestochowa_2024_Zawodzie_-_Dabie.pb": ("greedy", greedy),
    "Poland_Wroclaw_2015_150_-_500.pb": ("greedy-no-skip", partial(greedy, skip=False)),
}


@pytest.mark.parametrize("file_name", list(OFFICIAL_COUNTS))
def test_the_published_selection_is_recounted_with_the_rule_the_file_names(shared_dir: Path, file_name: str) -> None:
    election = read_shared(shared_dir, file_name)
    rule_name, count = OFFICIAL_COUNTS[file_name]
    assert election.meta["rule"] == rule_name
    result = count(election)
    assert result.complete
    assert set(result.selected) == officially_selected(election)
    assert len(result.selected) == len(set(result.selected))
    assert result.total_cost <= election.budget


def test_wieliczka_needs_the_keep_raising_stop_rule(shared_dir: Path) -> None:
    """The default Add1 stop rule stops 14 increments early, with another outcome than the published one."""
    election = read_shared(shared_dir, "Poland_Wieliczka_2023_Green_Budget.pb")
    published = officially_selected(election)
    keep_raising = equal_shares_add1(election, stop=Add1Stop.WITHIN_BUDGET)
    first_exhaustive = equal_shares_add1(election)
    assert set(keep_raising.selected) == published
    assert set(first_exhaustive.selected) == published - {"46"} | {"66", "67"}
    assert keep_raising.parameters["increments"] == 164
    assert first_exhaustive.parameters["increments"] == 150


def test_czestochowa_is_counted_by_total_points_not_by_number_of_voters(shared_dir: Path) -> None:
    election = read_shared(shared_dir, "Poland_Czestochowa_2024_Zawodzie_-_Dabie.pb")
    by_points = greedy(election)
    assert by_points.parameters["per_cost"] is False
    scores = {pid: outcome.score for pid, outcome in by_points.projects.items()}
    # The file's own "score" column holds the total points the count ranked by.
    assert all(scores[project.id] == int(project.extra["score"]) for project in election.projects)
    assert set(by_points.selected) == officially_selected(election)


def test_wroclaw_stops_at_the_first_project_that_does_not_fit(shared_dir: Path) -> None:
    """The money is spent to the last złoty, so here skipping could not have added anything either."""
    election = read_shared(shared_dir, "Poland_Wroclaw_2015_150_-_500.pb")
    no_skip = greedy(election, skip=False)
    assert set(no_skip.selected) == officially_selected(election)
    assert no_skip.total_cost == election.budget == 7_500_000
    reasons = [no_skip.projects[p.id].reason for p in election.projects if p.id not in no_skip.selected]
    assert reasons.count(NotFundedReason.DID_NOT_FIT) == 1
    assert reasons.count(NotFundedReason.STOPPED) == len(reasons) - 1
    assert greedy(election).selected == no_skip.selected
