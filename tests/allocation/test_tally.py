"""``coopcouncil tally FILE.pb`` on small files, and the reports it prints (report.py)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from coopcouncil.allocation import LIBRARY_VERSION
from coopcouncil.allocation.model import Ballot, Election, NotFundedReason, Project, VoteType
from coopcouncil.allocation.pabulib import write_pabulib
from coopcouncil.allocation.profile import Satisfaction
from coopcouncil.allocation.report import allocation_as_dict, allocation_summary, exact_text
from coopcouncil.allocation.rules.equal_shares import method_of_equal_shares
from coopcouncil.allocation.rules.greedy import greedy
from coopcouncil.allocation.tally import main

# Three voters, 100 each under Equal Shares. Amara and Ben back the park (200): each pays 100.
# Chidi backs the library (100) and pays 100. Amara also backs the bins (50), but has nothing
# left. Nobody backs the mural.
PARK_VOTE = Election(
    budget=300,
    vote_type=VoteType.APPROVAL,
    projects=(
        Project("park", 200, name="Pocket park"),
        Project("library", 100, name="Library books"),
        Project("bins", 50, name="Recycling bins"),
        Project("mural", 10, name="Mural"),
    ),
    ballots=(
        Ballot("amara", ("park", "bins")),
        Ballot("ben", ("park",)),
        Ballot("chidi", ("library",)),
    ),
)


def _write(tmp_path: Path, text: str, name: str = "vote.pb") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def park_file(tmp_path: Path) -> Path:
    return _write(tmp_path, write_pabulib(PARK_VOTE), "park.pb")


# --------------------------------------------------------------------------------------------------
# The command


def test_prints_the_selected_projects_and_exits_0(park_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(park_file)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Rule: equal-shares" in out
    assert "Funded 2 of 4 projects, total cost 300 of 300" in out
    lines = [line.strip() for line in out.splitlines()]
    assert any(line.startswith("1. park Pocket park (200)") for line in lines)
    assert any(line.startswith("2. library Library books (100)") for line in lines)


def test_json_has_the_rule_parameters_library_version_and_selection(
    park_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(park_file), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rule"] == "equal-shares"
    assert result["parameters"] == {"satisfaction": "cost", "share": "100", "tie_breaking": "smallest-id"}
    assert result["library_version"] == LIBRARY_VERSION
    assert result["selected"] == ["park", "library"]
    assert result["total_cost"] == "300" and result["budget"] == "300"
    assert result["complete"] is True and result["unresolved_tie"] is None
    assert result["projects"]["bins"]["reason"] == "supporters_ran_out"


def test_json_records_the_add1_completion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a (150) backed by two of three voters, b (120) by the third: with 100 each, b needs 20 more.
    text = write_pabulib(
        Election(
            300,
            VoteType.APPROVAL,
            (Project("a", 150), Project("b", 120)),
            (Ballot("v1", ("a",)), Ballot("v2", ("a",)), Ballot("v3", ("b",))),
        )
    )
    assert main([str(_write(tmp_path, text)), "--completion", "add1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["selected"] == ["a", "b"]
    parameters = result["parameters"]
    assert parameters["completion"] == "add1" and parameters["increment"] == "1"
    assert parameters["final_share"] == "120" and parameters["increments"] == 20
    assert parameters["stop"] == "exhaustive-or-overspend" and parameters["start"] == "exact"


def test_other_rules_by_name(park_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # By votes: park (2), then bins and library (1 each; "bins" < "library"); library no longer
    # fits, and the unsupported mural takes what is left, as in pabutools.
    assert main([str(park_file), "--rule", "greedy", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["selected"] == ["park", "bins", "mural"]
    assert main([str(park_file), "--rule", "phragmen", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rule"] == "phragmen"


def test_greedy_can_leave_unsupported_projects_unfunded(park_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Platform rounds never fund what nobody voted for; the recount needs the same option."""
    assert main([str(park_file), "--rule", "greedy", "--no-unsupported", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["selected"] == ["park", "bins"]
    assert result["parameters"]["fund_unsupported"] is False
    assert result["projects"]["mural"]["reason"] == NotFundedReason.NO_SUPPORTERS.value


def test_a_tie_refused_for_lots_exits_1_and_names_the_tied_projects(
    park_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Greedy: bins and library have one vote each and 100 is left: which comes first matters.
    assert main([str(park_file), "--rule", "greedy", "--tie-breaking", "refuse"]) == 1
    out = capsys.readouterr().out
    assert "Tie at step 2 between bins, library: undecided: draw lots" in out
    assert "by lot" in out.splitlines()[-1]  # says what to do next

    assert main([str(park_file), "--rule", "greedy", "--tie-breaking", "refuse", "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["complete"] is False
    assert result["unresolved_tie"] == ["bins", "library"]
    assert result["selected"] == ["park"]


def test_the_order_drawn_by_lot_settles_the_tie(park_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["--rule", "greedy", "--tie-breaking", "explicit-order", "--order", "library,bins", "--json"]
    assert main([str(park_file), *arguments]) == 0
    assert json.loads(capsys.readouterr().out)["selected"] == ["park", "library"]


MALFORMED = """META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost
p1;60
p2;40
VOTES
voter_id;vote
v1;p1
v2;p1,p9
"""


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        (MALFORMED, "line 12", "'p9', which is not in PROJECTS"),
        (MALFORMED.replace("p2;40", "p2;4O"), "line 8", "cost '4O' of project 'p2' is not a number"),
        (MALFORMED.replace("p2;40", "p1;40"), "line 8", "project id 'p1' appears twice"),
        (MALFORMED.split("VOTES")[0], None, "there is no VOTES section"),
    ],
)
def test_a_malformed_file_exits_2_naming_the_file_and_line_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str | None, problem: str
) -> None:
    path = _write(tmp_path, text, "Bad_Ward_2025.pb")
    assert main([str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("coopcouncil tally: Bad_Ward_2025.pb")
    assert where is None or f"Bad_Ward_2025.pb, {where}:" in err
    assert problem in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


POINTS = """META
key;value
budget;100
vote_type;cumulative
PROJECTS
project_id;cost
p1;60
p2;40
VOTES
voter_id;vote;points
v1;p1,p2;3,2
v2;p2;5
"""
APPROVAL = MALFORMED.replace("v2;p1,p9", "v2;p2,p1")
RANKED = APPROVAL.replace("approval", "ordinal")


@pytest.mark.parametrize(
    ("text", "arguments", "message"),
    [
        (POINTS, ["--rule", "phragmen"], "Sequential Phragmén counts approval and choose-1 ballots, not cumulative."),
        (POINTS, ["--satisfaction", "cost"], "cumulative ballots are counted by Equal Shares with points"),
        (APPROVAL, ["--satisfaction", "points"], "need cumulative or scoring"),
        (RANKED, [], "cannot count ranked ballots"),
        (RANKED, ["--rule", "greedy"], "points per rank"),
        (POINTS, ["--completion", "add1", "--increment", "a lot"], "--increment must be a number"),
        (POINTS, ["--tie-breaking", "coin-toss"], "Unknown tie-breaking 'coin-toss'"),
    ],
)
def test_a_rule_that_cannot_count_the_ballots_exits_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, arguments: list[str], message: str
) -> None:
    assert main([str(_write(tmp_path, text)), *arguments]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_points_ballots_are_counted_with_points_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(_write(tmp_path, POINTS)), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["parameters"]["satisfaction"] == "points"


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "missing.pb")]) == 2
    assert "missing.pb" in capsys.readouterr().err


def test_an_unknown_rule_is_a_usage_error(park_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([str(park_file), "--rule", "borda"])
    assert exit_.value.code == 2
    assert "invalid choice: 'borda'" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------------
# Reports


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        (1234, "1234"),
        (Fraction(2469, 2), "1234.5"),
        (Fraction(1, 20), "0.05"),
        (Fraction(-1, 4), "-0.25"),
        (Fraction(-3, 2), "-1.5"),
        (Fraction(2, 3), "2/3"),
        (Fraction(-7, 6), "-7/6"),
        (Fraction(10), "10"),
        (0, "0"),
    ],
)
def test_exact_text(value: int | Fraction | None, text: str | None) -> None:
    assert exact_text(value) == text


def test_allocation_as_dict_gives_exact_numbers_as_text() -> None:
    result = method_of_equal_shares(PARK_VOTE, satisfaction=Satisfaction.COST)
    data = allocation_as_dict(result, library_version="9.9")
    assert json.loads(json.dumps(data)) == data  # plain JSON, nothing lost
    assert data["library_version"] == "9.9"
    assert data["selected"] == ["park", "library"]
    assert data["ties"] == [] and data["complete"] is True
    # Cost satisfaction: each of park's backers gets 200 of satisfaction and pays 100, so rho is 1/2.
    assert data["projects"]["park"] == {
        "funded": True,
        "step": 1,
        "reason": None,
        "detail": None,
        "score": None,
        "price_per_satisfaction": "0.5",
        "largest_payment": "100",
    }
    assert data["projects"]["library"]["price_per_satisfaction"] == "1"
    assert data["projects"]["bins"]["reason"] == "supporters_ran_out"
    assert data["projects"]["bins"]["detail"] == "0"  # what Amara had left
    assert data["projects"]["mural"]["reason"] == "no_supporters"


def test_allocation_as_dict_reports_ties() -> None:
    result = greedy(PARK_VOTE)
    data = allocation_as_dict(result, library_version=LIBRARY_VERSION)
    assert data["ties"] == [{"step": 2, "projects": ["bins", "library"], "chosen": "bins", "settled_by": "smallest-id"}]
    assert data["projects"]["library"]["reason"] == "did_not_fit"
    assert data["projects"]["library"]["detail"] == "50"
    assert data["projects"]["park"]["score"] == "2"


def test_summary_lists_what_was_funded_and_the_ties() -> None:
    result = greedy(PARK_VOTE)
    summary = allocation_summary(PARK_VOTE, result)
    assert summary.splitlines()[0].startswith("Rule: greedy (")
    assert "Funded 3 of 4 projects, total cost 260 of 300" in summary
    assert "Tie at step 2 between bins, library: bins (smallest-id)" in summary


def _line_about(summary: str, project_id: str) -> str:
    lines = [line for line in summary.splitlines() if project_id in line.split()]
    assert len(lines) == 1, f"one line about {project_id!r} expected in:\n{summary}"
    return lines[0].lower()


def test_summary_says_in_plain_words_why_each_project_was_or_was_not_funded() -> None:
    equal_shares = allocation_summary(PARK_VOTE, method_of_equal_shares(PARK_VOTE))
    assert "funded" in _line_about(equal_shares, "park")
    bins = _line_about(equal_shares, "bins")
    assert "not funded" in bins and "supporters" in bins
    mural = _line_about(equal_shares, "mural")
    assert "not funded" in mural and any(words in mural for words in ("no one", "nobody", "no votes"))

    threshold = greedy(PARK_VOTE, minimum_score=1)
    assert threshold.projects["mural"].reason is NotFundedReason.BELOW_THRESHOLD
    by_votes = allocation_summary(PARK_VOTE, threshold)
    library = _line_about(by_votes, "library")
    assert "not funded" in library and any(words in library for words in ("did not fit", "not enough money"))
    assert "50" in library  # the money that was left
    for line in (library, bins, mural, _line_about(by_votes, "mural")):
        assert "_" not in line  # words, not enum values such as supporters_ran_out
