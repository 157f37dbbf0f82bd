"""Reading and writing Pabulib files: real files, every error case, and write-then-read round trips."""

from __future__ import annotations

import functools
import pickle
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coopcouncil.allocation.model import Ballot, Election, Money, Project, VoteType
from coopcouncil.allocation.pabulib import PabulibError, parse_pabulib, read_pabulib, valid_id, write_pabulib

# The files in ../shared/pabulib and what its SOURCES.md says about each: vote type, budget,
# projects, voters. Every one is parsed (once: see _parsed) and checked against this and its META.
SHARED_FILES: dict[str, tuple[VoteType, int, int, int]] = {
    "France_Toulouse_2022.pb": (VoteType.APPROVAL, 8000000, 199, 4532),
    "Hungary_Budapest_2024.pb": (VoteType.APPROVAL, 1000000000, 175, 28943),
    "Netherlands_Assen_2024.pb": (VoteType.APPROVAL, 100000, 14, 84),
    "Poland_Czestochowa_2024.pb": (VoteType.CUMULATIVE, 2367122, 93, 22899),
    "Poland_Czestochowa_2024_Zawodzie_-_Dabie.pb": (VoteType.CUMULATIVE, 432562, 20, 971),
    "Poland_Krakow_2024.pb": (VoteType.ORDINAL, 9200000, 119, 65101),
    "Poland_Lodz_2022.pb": (VoteType.APPROVAL, 6112868, 160, 90494),
    "Poland_Swiecie_2023.pb": (VoteType.APPROVAL, 1070000, 22, 2553),
    "Poland_Warszawa_2020_Praga-Poludnie.pb": (VoteType.APPROVAL, 5900907, 134, 14897),
    "Poland_Warszawa_2022_Wawer.pb": (VoteType.APPROVAL, 2807253, 111, 5045),
    "Poland_Warszawa_2025_Rembertow.pb": (VoteType.APPROVAL, 1057825, 34, 989),
    "Poland_Warszawa_2026.pb": (VoteType.APPROVAL, 24186815, 83, 61668),
    "Poland_Wieliczka_2023_Green_Budget.pb": (VoteType.APPROVAL, 1000000, 64, 6586),
    "Poland_Wroclaw_2015_150_-_500.pb": (VoteType.CHOOSE_1, 7500000, 197, 131778),
}


@functools.cache
def _parsed(path: Path) -> Election:
    """Each shared file is parsed once per test run, however many tests look at it."""
    return read_pabulib(path)


@pytest.fixture
def pabulib_dir(shared_dir: Path) -> Path:
    folder = shared_dir / "pabulib"
    if not folder.is_dir():
        pytest.fail(f"{folder} is missing: the shared folder should hold the Pabulib files")
    return folder


# --------------------------------------------------------------------------------------------------
# Comparing elections field by field (Election's == leaves out meta and every extra)


def _same_number(ours: Money, theirs: Money) -> bool:
    return ours == theirs and type(ours) is type(theirs)


def assert_same_election(ours: Election, theirs: Election, *, meta: dict[str, str] | None = None) -> None:
    assert _same_number(ours.budget, theirs.budget), (ours.budget, theirs.budget)
    assert ours.vote_type is theirs.vote_type
    assert len(ours.projects) == len(theirs.projects)
    for mine, other in zip(ours.projects, theirs.projects, strict=True):
        assert mine == other
        assert _same_number(mine.cost, other.cost), (mine, other)
        assert dict(mine.extra) == dict(other.extra), mine.id
    assert len(ours.ballots) == len(theirs.ballots)
    for mine_ballot, other_ballot in zip(ours.ballots, theirs.ballots, strict=True):
        assert mine_ballot == other_ballot
        if mine_ballot.points is not None:
            assert other_ballot.points is not None
            assert all(_same_number(a, b) for a, b in zip(mine_ballot.points, other_ballot.points, strict=True))
        assert dict(mine_ballot.extra) == dict(other_ballot.extra), mine_ballot.voter_id
    assert list(ours.meta.items()) == list((theirs.meta if meta is None else meta).items())
    assert ours == theirs


# --------------------------------------------------------------------------------------------------
# The real files


@pytest.mark.parametrize("name", sorted(SHARED_FILES))
def test_shared_file_parses_and_agrees_with_its_meta(pabulib_dir: Path, name: str) -> None:
    vote_type, budget, project_count, voter_count = SHARED_FILES[name]
    election = _parsed(pabulib_dir / name)

    assert election.vote_type is vote_type
    assert _same_number(election.budget, budget)
    assert election.meta["budget"] == str(budget)
    assert election.meta["vote_type"] == vote_type.value
    assert int(election.meta["num_projects"]) == len(election.projects) == project_count
    assert int(election.meta["num_votes"]) == len(election.ballots) == election.voter_count == voter_count
    assert len({p.id for p in election.projects}) == project_count
    assert len({b.voter_id for b in election.ballots}) == voter_count
    for ballot in election.ballots:
        assert (ballot.points is not None) == vote_type.has_points
        assert set(ballot.projects) <= election.project_by_id.keys()
        if vote_type is VoteType.CHOOSE_1:
            assert len(ballot.projects) <= 1


def test_no_unlisted_files_in_the_shared_folder(pabulib_dir: Path) -> None:
    """A file added to the shared folder must be added to SHARED_FILES, so that it is checked."""
    assert {path.name for path in pabulib_dir.glob("*.pb")} == set(SHARED_FILES)


def test_shared_files_read_as_expected(pabulib_dir: Path) -> None:
    toulouse = _parsed(pabulib_dir / "France_Toulouse_2022.pb")
    first = toulouse.projects[0]
    assert first.id == "116"
    assert _same_number(first.cost, 4000)  # written "4000.0": a whole number, so an int
    assert first.name == "Création d\u2019abris pour la faune"
    assert first.categories == ("Nature en ville",)
    assert dict(first.extra) == {
        "votes": "38",
        "district": "10 - Jolimont / Soupetard / Roseraie / Gloire / Gramont / Amouroux",
    }
    quoted = toulouse.project_by_id["135"]
    assert quoted.name == 'Restructuration "verte" de la place Roger Arnaud'

    lodz = _parsed(pabulib_dir / "Poland_Lodz_2022.pb")
    assert lodz.project_by_id["L026"].name == (
        '"Przywracamy "Paradę Wolności". "City of dreams" - Festiwal muzyki elektronicznej." Lokalizacja: Łódź'
    )
    assert lodz.ballots[0] == Ballot("1401204197", ("L005", "L007", "L008"))
    assert dict(lodz.ballots[0].extra) == {"age": "53", "sex": "F", "voting_method": "internet"}
    assert lodz.meta["min_project_score_threshold"] == "100"
    # Repeated strings are stored once: project ids on ballots are the projects' own id strings.
    assert all(pid is lodz.project_by_id[pid].id for ballot in lodz.ballots[:1000] for pid in ballot.projects)

    wawer = _parsed(pabulib_dir / "Poland_Warszawa_2022_Wawer.pb")
    assert wawer.projects[0].categories == ("public space", "environmental protection", "education")
    assert wawer.projects[0].extra["beneficiaries"] == "people with disabilities,seniors,adults,youth,children"

    krakow = _parsed(pabulib_dir / "Poland_Krakow_2024.pb")
    assert krakow.ballots[0].projects == ("BO.OM.63/24", "BO.OM.81/24", "BO.OM.178/24")  # rank order

    czestochowa = _parsed(pabulib_dir / "Poland_Czestochowa_2024.pb")
    assert czestochowa.ballots[0].projects == ("596",)
    assert czestochowa.ballots[0].points == (10,)
    for ballot in czestochowa.ballots:
        assert ballot.points is not None
        assert sum(ballot.points) <= 10  # max_sum_points

    wroclaw = _parsed(pabulib_dir / "Poland_Wroclaw_2015_150_-_500.pb")
    assert "district" not in wroclaw.ballots[0].extra  # an empty cell is left out


def _mpq(value: Any) -> Money:
    fraction = Fraction(int(value.numerator), int(value.denominator))
    return fraction.numerator if fraction.denominator == 1 else fraction


def _first_votes(text: str, count: int) -> str:
    """The file up to and including the first ``count`` rows of VOTES (for the slow reference parser)."""
    lines = text.split("\n")
    votes_at = next(i for i, line in enumerate(lines) if line.strip().upper() == "VOTES")
    return "\n".join(lines[: votes_at + 2 + count]) + "\n"


def assert_agrees_with_pabutools(election: Election, text: str) -> None:
    from pabutools.election.pabulib import parse_pabulib_from_string  # type: ignore[import-untyped]

    instance, profile = parse_pabulib_from_string(text)
    assert _mpq(instance.budget_limit) == election.budget
    assert instance.meta == dict(election.meta)
    theirs = {project.name: project for project in instance}
    assert set(theirs) == {project.id for project in election.projects}
    for project in election.projects:
        reference = theirs[project.id]
        assert _mpq(reference.cost) == project.cost
        assert set(reference.categories) == set(project.categories)
        assert set(reference.targets) == set(project.targets)
        columns = dict(instance.project_meta[reference])
        assert columns.pop("name", "") == project.name
        for known in ("project_id", "cost", "categories", "targets"):
            columns.pop(known, None)
        assert {key: value for key, value in columns.items() if value} == dict(project.extra)
    assert len(profile) == len(election.ballots)
    for ballot, reference_ballot in zip(election.ballots, profile, strict=True):
        columns = dict(reference_ballot.meta)
        assert columns.pop("voter_id") == ballot.voter_id
        assert {key: value for key, value in columns.items() if value} == dict(ballot.extra)
        names = [project.name for project in reference_ballot]
        if election.vote_type is VoteType.ORDINAL:
            assert names == list(ballot.projects)
        elif election.vote_type.has_points:
            assert ballot.points is not None
            assert {p.name: _mpq(v) for p, v in reference_ballot.items()} == dict(
                zip(ballot.projects, ballot.points, strict=True)
            )
        else:
            assert set(names) == set(ballot.projects)
            assert len(names) == len(ballot.projects)


@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Assen_2024.pb",
        "Poland_Czestochowa_2024_Zawodzie_-_Dabie.pb",
        "Poland_Warszawa_2025_Rembertow.pb",
        "France_Toulouse_2022.pb",
    ],
)
def test_small_files_agree_with_pabutools(pabulib_dir: Path, name: str) -> None:
    path = pabulib_dir / name
    assert_agrees_with_pabutools(_parsed(path), path.read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize(
    "name",
    [
        "Poland_Krakow_2024.pb",  # ordinal
        "Poland_Wroclaw_2015_150_-_500.pb",  # choose-1
        "Poland_Czestochowa_2024.pb",  # cumulative
        "Poland_Lodz_2022.pb",  # approval, quoted names
        "Poland_Warszawa_2020_Praga-Poludnie.pb",  # categories and targets-like columns
    ],
)
def test_large_files_agree_with_pabutools_on_their_first_ballots(pabulib_dir: Path, name: str) -> None:
    """pabutools takes seconds over the whole file: compare the projects and the first 1,500 ballots."""
    text = _first_votes((pabulib_dir / name).read_text(encoding="utf-8-sig"), 1500)
    election = parse_pabulib(text, source=name)
    assert len(election.ballots) == 1500
    assert election.ballots == _parsed(pabulib_dir / name).ballots[:1500]
    assert_agrees_with_pabutools(election, text)


@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Assen_2024.pb",
        "Poland_Czestochowa_2024_Zawodzie_-_Dabie.pb",
        "France_Toulouse_2022.pb",
        "Poland_Warszawa_2025_Rembertow.pb",
        "Poland_Wieliczka_2023_Green_Budget.pb",
    ],
)
def test_shared_files_survive_writing_and_reading(pabulib_dir: Path, name: str) -> None:
    election = _parsed(pabulib_dir / name)
    assert_same_election(parse_pabulib(write_pabulib(election)), election)


def test_the_start_of_a_large_ordinal_file_survives_writing_and_reading(pabulib_dir: Path) -> None:
    text = _first_votes((pabulib_dir / "Poland_Krakow_2024.pb").read_text(encoding="utf-8-sig"), 3000)
    election = parse_pabulib(text)
    written = write_pabulib(election)
    assert_same_election(parse_pabulib(written), election, meta=dict(election.meta) | {"num_votes": "3000"})


# --------------------------------------------------------------------------------------------------
# Small texts: what the reader accepts

BASE = """\
META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
p1;10;First
p2;20,5;Second
VOTES
voter_id;vote
v1;p1,p2
v2;p2
"""
# Line numbers in BASE: 1 META, 3 budget, 4 vote_type, 5 PROJECTS, 6 its header, 7 p1, 8 p2,
# 9 VOTES, 10 its header, 11 v1, 12 v2.

CUMULATIVE = """\
META
key;value
budget;100
vote_type;cumulative
PROJECTS
project_id;cost
p1;10
p2;20
VOTES
voter_id;vote;points
v1;p1,p2;3,7
v2;p2;10
"""


def test_base_text() -> None:
    election = parse_pabulib(BASE)
    assert election.budget == 100
    assert election.vote_type is VoteType.APPROVAL
    assert election.projects == (Project("p1", 10, "First"), Project("p2", Fraction(41, 2), "Second"))
    assert isinstance(election.projects[0].cost, int)
    assert election.ballots == (Ballot("v1", ("p1", "p2")), Ballot("v2", ("p2",)))
    assert dict(election.meta) == {"budget": "100", "vote_type": "approval"}


def test_decimal_comma_and_point() -> None:
    text = BASE.replace("budget;100", "budget;100,0").replace("p1;10;", "p1;0.125;")
    election = parse_pabulib(text)
    assert _same_number(election.budget, 100)
    assert _same_number(election.projects[0].cost, Fraction(1, 8))
    assert _same_number(election.projects[1].cost, Fraction(41, 2))
    assert election.meta["budget"] == "100,0"  # META keeps the text as written


def test_points() -> None:
    election = parse_pabulib(CUMULATIVE.replace("v2;p2;10", "v2;p2; 2.5 "))
    assert election.vote_type is VoteType.CUMULATIVE
    assert election.ballots[0].points == (3, 7)
    assert election.ballots[1].points == (Fraction(5, 2),)
    assert election.ballots[0].points_for("p2") == 7


def test_scoring_points_may_be_negative() -> None:
    text = CUMULATIVE.replace("cumulative", "SCORING").replace("3,7", "-3,+7")
    assert parse_pabulib(text).ballots[0].points == (-3, 7)


def test_ordinal_ballots_keep_their_order() -> None:
    election = parse_pabulib(BASE.replace("approval", "ordinal").replace("v1;p1,p2", "v1;p2,p1"))
    assert election.ballots[0].projects == ("p2", "p1")
    assert election.ballots[0].points is None


def test_choose_1() -> None:
    election = parse_pabulib(BASE.replace("approval", "choose-1").replace("v1;p1,p2", "v1;p1"))
    assert election.vote_type is VoteType.CHOOSE_1
    assert [b.projects for b in election.ballots] == [("p1",), ("p2",)]


def test_quoted_cells() -> None:
    text = BASE.replace("p1;10;First", 'p1;"10";"First; with ""quotes"""').replace("v1;p1,p2", 'v1;"p1,p2"')
    election = parse_pabulib(text)
    assert election.projects[0].name == 'First; with "quotes"'
    assert election.projects[0].cost == 10
    assert election.ballots[0].projects == ("p1", "p2")


def test_a_quoted_cell_may_span_lines_and_errors_still_name_the_right_line() -> None:
    text = BASE.replace("p1;10;First", 'p1;10;"First\nand more"')
    assert parse_pabulib(text).projects[0].name == "First\nand more"
    with pytest.raises(PabulibError) as caught:
        parse_pabulib(text.replace("v2;p2", "v2;p9"))
    assert caught.value.line == 13


def test_none_means_empty() -> None:
    text = (
        BASE.replace("project_id;cost;name", "project_id;cost;name;category;votes")
        .replace("p1;10;First", "p1;10;None;NONE;none")
        .replace("p2;20,5;Second", "p2;20,5;Second;a;12")
        .replace("voter_id;vote", "voter_id;vote;age")
        .replace("v1;p1,p2", "v1;none;None")
    )
    election = parse_pabulib(text)
    assert election.projects[0] == Project("p1", 10)
    assert dict(election.projects[0].extra) == {}
    assert dict(election.projects[1].extra) == {"votes": "12"}
    assert election.ballots[0] == Ballot("v1", ())
    assert dict(election.ballots[0].extra) == {}


def test_empty_vote_is_an_empty_ballot() -> None:
    election = parse_pabulib(BASE.replace("v1;p1,p2", "v1;"))
    assert election.ballots[0] == Ballot("v1", ())
    election = parse_pabulib(CUMULATIVE.replace("v1;p1,p2;3,7", "v1;;"))
    assert election.ballots[0] == Ballot("v1", (), ())
    election = parse_pabulib(BASE.replace("v1;p1,p2", "v1"))  # a short row: the vote cell is missing
    assert election.ballots[0] == Ballot("v1", ())


def test_byte_order_mark_and_line_endings(tmp_path: Path) -> None:
    expected = parse_pabulib(BASE)
    assert_same_election(parse_pabulib("\ufeff" + BASE), expected)
    assert_same_election(parse_pabulib(BASE.replace("\n", "\r\n")), expected)
    assert_same_election(parse_pabulib(BASE.replace("\n", "\r")), expected)
    path = tmp_path / "with-bom.pb"
    path.write_text(BASE.replace("\n", "\r\n"), encoding="utf-8-sig")
    assert_same_election(read_pabulib(path), expected)
    path.write_text(BASE, encoding="utf-8")
    assert_same_election(read_pabulib(str(path)), expected)


def test_categories_and_targets() -> None:
    text = BASE.replace("project_id;cost;name", "project_id;cost;name;categories;target").replace(
        "p1;10;First", "p1;10;First;sport, culture ,sport,;kids"
    )
    election = parse_pabulib(text)
    assert election.projects[0].categories == ("sport", "culture")  # stripped, in order, once each
    assert election.projects[0].targets == ("kids",)
    assert election.projects[1].categories == ()
    assert dict(election.projects[0].extra) == {}


def test_column_names_are_case_insensitive_and_other_columns_are_kept() -> None:
    text = (
        BASE.replace("project_id;cost;name", "Project_ID ; Cost;Name;Selected")
        .replace("p1;10;First", "p1;10;First;1")
        .replace("voter_id;vote", "VOTER_ID;Vote;Age;sex")
        .replace("v1;p1,p2", "v1;p1, p2 ;33;F")
        .replace("META", "meta")
        .replace("VOTES", " Votes ")
    )
    election = parse_pabulib(text)
    assert dict(election.projects[0].extra) == {"Selected": "1"}
    assert election.ballots[0].projects == ("p1", "p2")  # spaces around ids in a vote are ignored
    assert dict(election.ballots[0].extra) == {"Age": "33", "sex": "F"}


def test_blank_lines_and_trailing_empty_cells_are_ignored() -> None:
    text = BASE.replace("PROJECTS", "\n  \nPROJECTS").replace("v2;p2", "v2;p2;;\n;;\n") + "\n\n"
    assert_same_election(parse_pabulib(text), parse_pabulib(BASE))


def test_points_column_of_approval_ballots_is_kept_as_text() -> None:
    text = BASE.replace("voter_id;vote", "voter_id;vote;points").replace("v1;p1,p2", "v1;p1,p2;1,1")
    election = parse_pabulib(text)
    assert election.ballots[0].points is None
    assert dict(election.ballots[0].extra) == {"points": "1,1"}


# --------------------------------------------------------------------------------------------------
# Errors: each names the source, the line and the problem

ERRORS: list[tuple[str, str, Callable[[str], str], int | None, str]] = [
    # (id, base, change, line, a piece of the message)
    ("no META", "base", lambda t: t.split("PROJECTS\n", 1)[1].join(["PROJECTS\n", ""]), 1, "no META section"),
    ("no PROJECTS", "base", lambda t: re.sub(r"PROJECTS\n(.*\n)*?(?=VOTES)", "", t), 5, "no PROJECTS section"),
    ("no VOTES", "base", lambda t: t.split("VOTES")[0], None, "there is no VOTES section"),
    ("text before META", "base", lambda t: "hello\n" + t, 1, "expected a section name (META, PROJECTS or VOTES)"),
    ("second META", "base", lambda t: t + "META\nkey;value\n", 13, "a second META section (the first is on line 1)"),
    ("no header", "base", lambda t: t.replace("voter_id;vote\nv1;p1,p2\nv2;p2\n", ""), 9, "has no header row"),
    ("no budget", "base", lambda t: t.replace("budget;100\n", ""), 1, "META has no 'budget'"),
    ("no vote_type", "base", lambda t: t.replace("vote_type;approval\n", ""), 1, "META has no 'vote_type'"),
    ("unknown vote_type", "base", lambda t: t.replace(";approval", ";approve"), 4, "unknown vote_type 'approve'"),
    ("bad budget", "base", lambda t: t.replace("budget;100", "budget;1 000"), 3, "budget '1 000' is not a number"),
    ("negative budget", "base", lambda t: t.replace("budget;100", "budget;-5"), 3, "budget '-5' is negative"),
    ("duplicate META key", "base", lambda t: t.replace("budget;100", "budget;100\nbudget;200"), 4, "appears twice"),
    (
        "bad cost",
        "base",
        lambda t: t.replace("p2;20,5", "p2;20.5.1"),
        8,
        "cost '20.5.1' of project 'p2' is not a number",
    ),
    ("exponent", "base", lambda t: t.replace("p2;20,5", "p2;1e6"), 8, "cost '1e6' of project 'p2' is not a number"),
    ("no cost", "base", lambda t: t.replace("p2;20,5", "p2;none"), 8, "project 'p2' has no cost"),
    ("negative cost", "base", lambda t: t.replace("p2;20,5", "p2;-20"), 8, "cost '-20' of project 'p2' is negative"),
    ("no project id", "base", lambda t: t.replace("p2;20,5", ";20,5"), 8, "the project has no id"),
    ("comma in id", "base", lambda t: t.replace("p2;20,5", '"p,2";20,5'), 8, "has a comma in it"),
    (
        "duplicate project",
        "base",
        lambda t: t.replace("p2;20,5", "p1;20,5"),
        8,
        "project id 'p1' appears twice (first on line 7)",
    ),
    (
        "duplicate voter",
        "base",
        lambda t: t.replace("v2;p2", "v1;p2"),
        12,
        "voter id 'v1' appears twice (first on line 11)",
    ),
    ("no voter id", "base", lambda t: t.replace("v2;p2", "none;p2"), 12, "the ballot has no voter id"),
    (
        "unknown project",
        "base",
        lambda t: t.replace("v2;p2", "v2;999"),
        12,
        "names project '999', which is not in PROJECTS",
    ),
    ("empty id in vote", "base", lambda t: t.replace("v2;p2", "v2;p2,,p1"), 12, "empty project id"),
    ("project twice", "base", lambda t: t.replace("v1;p1,p2", "v1;p1,p2, p1"), 11, "names project 'p1' twice"),
    (
        "choose-1 with two",
        "base",
        lambda t: t.replace("approval", "choose-1"),
        11,
        "a choose-1 ballot names 2 projects",
    ),
    ("too many cells", "base", lambda t: t.replace("v2;p2", "v2;p2;x"), 12, "the row has 3 cells but the header has 2"),
    ("too many META cells", "base", lambda t: t.replace("budget;100", "budget;100;x"), 3, "3 cells"),
    ("no project_id column", "base", lambda t: t.replace("project_id;cost", "id;cost"), 6, "no 'project_id' column"),
    ("no cost column", "base", lambda t: t.replace("project_id;cost", "project_id;price"), 6, "no 'cost' column"),
    ("no voter_id column", "base", lambda t: t.replace("voter_id;vote", "voter;vote"), 10, "no 'voter_id' column"),
    ("no vote column", "base", lambda t: t.replace("voter_id;vote", "voter_id;votes_cast"), 10, "no 'vote' column"),
    ("twice in header", "base", lambda t: t.replace("voter_id;vote", "voter_id;vote;age;age"), 10, "'age' twice"),
    ("nameless column", "base", lambda t: t.replace("voter_id;vote", "voter_id;;vote"), 10, "column 2 of the header"),
    (
        "category and categories",
        "base",
        lambda t: t.replace("cost;name", "cost;category;categories"),
        6,
        "both 'category' and 'categories'",
    ),
    ("no points column", "cumulative", lambda t: t.replace(";points", ";score"), 10, "no 'points' column"),
    (
        "points count",
        "cumulative",
        lambda t: t.replace("3,7", "3,7,1"),
        11,
        "the ballot of voter 'v1' names 2 projects but gives 3 points",
    ),
    (
        "missing points",
        "cumulative",
        lambda t: t.replace("v2;p2;10", "v2;p2;"),
        12,
        "names 1 project but gives 0 points",
    ),
    ("bad points", "cumulative", lambda t: t.replace("3,7", "3,seven"), 11, "points 'seven' is not a number"),
    ("big cell", "base", lambda t: t.replace("Second", "x" * 200_000), 8, "cannot split the line into cells"),
]


@pytest.mark.parametrize(("base", "change", "line", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors(base: str, change: Callable[[str], str], line: int | None, message: str) -> None:
    text = change(BASE if base == "base" else CUMULATIVE)
    with pytest.raises(PabulibError) as caught:
        parse_pabulib(text, source="test.pb")
    error = caught.value
    assert error.source == "test.pb"
    assert error.line == line, error
    assert message in error.problem
    where = "test.pb" if line is None else f"test.pb, line {line}"
    assert str(error) == f"{where}: {error.problem}"
    assert isinstance(error, ValueError)


def test_error_message_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "Poland_Lodz_2022.pb"
    path.write_text(BASE.replace("v2;p2", "v2;999"), encoding="utf-8")
    with pytest.raises(PabulibError) as caught:
        read_pabulib(path)
    assert str(caught.value) == "Poland_Lodz_2022.pb, line 12: the vote names project '999', which is not in PROJECTS"
    copy = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 - our own object
    assert (copy.source, copy.line, copy.problem) == (caught.value.source, 12, caught.value.problem)


def test_bad_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.pb"
    path.write_bytes(BASE.replace("First", "Premi\u00e8re").encode("latin-1"))
    with pytest.raises(PabulibError) as caught:
        read_pabulib(path)
    assert caught.value.line == 7
    assert "not UTF-8" in caught.value.problem


def test_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_pabulib(tmp_path / "nothing.pb")


# --------------------------------------------------------------------------------------------------
# Writing


def _election(**changes: Any) -> Election:
    base: dict[str, Any] = {
        "budget": 100,
        "vote_type": VoteType.APPROVAL,
        "projects": (Project("p1", 10), Project("p2", 20)),
        "ballots": (Ballot("v1", ("p1",)),),
        "meta": {"description": "Test"},
    }
    base.update(changes)
    return Election(**base)


def test_write_numbers_exactly() -> None:
    election = _election(
        vote_type=VoteType.SCORING,
        budget=Fraction(2469, 2),
        projects=(Project("p1", Fraction(1, 8)), Project("p2", 10**30)),
        ballots=(Ballot("v1", ("p1", "p2"), (Fraction(-1, 4), 3)),),
    )
    text = write_pabulib(election)
    assert "budget;1234.5\n" in text
    assert "p1;0.125\n" in text
    assert f"p2;{10**30}\n" in text
    assert "v1;p1,p2;-0.25,3\n" in text
    meta = {"description": "Test", "budget": "1234.5", "vote_type": "scoring", "num_projects": "2", "num_votes": "1"}
    assert_same_election(parse_pabulib(text), election, meta=meta)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"budget": Fraction(1, 3)}, "The budget is 1/3, which has no exact decimal form"),
        ({"budget": 100.0}, "The budget must be an int or a Fraction, not float"),
        ({"budget": True}, "must be an int or a Fraction, not bool"),
        ({"budget": -1}, "The budget is negative"),
        ({"projects": (Project("p1", Fraction(2, 3)),)}, "The cost of project 'p1' is 2/3"),
        ({"projects": (Project("p 1", 1),)}, "Project id 'p 1' cannot be written"),
        ({"projects": (Project("p,1", 1),)}, "Project id 'p,1' cannot be written"),
        ({"projects": (Project("votes", 1),)}, "Project id 'votes' cannot be written"),
        ({"projects": (Project("p1", 1), Project("p1", 2))}, "Project id 'p1' appears twice"),
        ({"projects": (Project("p1", 1, name="None"),)}, "reads back as an empty cell"),
        ({"projects": (Project("p1", 1, name=" First"),)}, "surrounding spaces"),
        ({"projects": (Project("p1", 1, name="a\nb"),)}, "line break"),
        ({"projects": (Project("p1", 1, categories=("a,b",)),)}, "contains a comma"),
        ({"projects": (Project("p1", 1, extra={"votes": ""}),)}, "is empty"),
        ({"projects": (Project("p1", 1, extra={"Cost": "3"}),)}, "would be read as a standard column"),
        ({"ballots": (Ballot("", ("p1",)),)}, "Voter id '' cannot be written"),
        ({"ballots": (Ballot("v1", ()), Ballot("v1", ()))}, "Voter id 'v1' appears twice"),
        ({"ballots": (Ballot("v1", ("p3",)),)}, "names project 'p3', which is not in the election"),
        ({"ballots": (Ballot("v1", ("p1", "p1")),)}, "names a project twice"),
        ({"ballots": (Ballot("v1", ("p1",), (1,)),)}, "has points, but approval ballots have none"),
        ({"vote_type": VoteType.CUMULATIVE}, "has 1 projects but no points"),
        ({"vote_type": VoteType.CHOOSE_1, "ballots": (Ballot("v1", ("p1", "p2")),)}, "in a choose-1 election"),
        ({"meta": {"votes": ""}}, "META key 'votes' would be read as a section name"),
        ({"meta": {"note": "two\nlines"}}, "line break"),
    ],
)
def test_write_refuses_what_would_not_read_back(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        write_pabulib(_election(**changes))


def test_write_meta_keeps_order_and_sets_the_counts() -> None:
    election = _election(
        meta={"description": "Test", "num_votes": "999", "budget": "5", "currency": "PLN", "note": "none"}
    )
    text = write_pabulib(election)
    assert text.startswith(
        "META\nkey;value\ndescription;Test\nnum_votes;1\nbudget;100\ncurrency;PLN\nnote;none\n"
        "vote_type;approval\nnum_projects;2\nPROJECTS\nproject_id;cost\np1;10\np2;20\nVOTES\n"
    )
    read_back = parse_pabulib(text)
    assert list(read_back.meta) == [
        "description",
        "num_votes",
        "budget",
        "currency",
        "note",
        "vote_type",
        "num_projects",
    ]
    assert read_back.meta["note"] == "none"  # META keeps its values as written


def test_write_quotes_cells_that_need_it() -> None:
    election = _election(
        projects=(Project('p;1"', 10, name='A "big"; project'), Project("p2", 20)),
        ballots=(Ballot("v;1", ('p;1"', "p2"), extra={"note": "x;y"}),),
    )
    text = write_pabulib(election)
    assert '"p;1""";10;"A ""big""; project"\n' in text
    assert '"v;1";"p;1"",p2";"x;y"\n' in text
    meta = {"description": "Test", "budget": "100", "vote_type": "approval", "num_projects": "2", "num_votes": "1"}
    assert_same_election(parse_pabulib(text), election, meta=meta)


@pytest.mark.parametrize("text", ["1", "BO.OM.97/24", "vote01006bcf-62b6", 'a;b"c', "Łódź", "_"])
def test_valid_ids(text: str) -> None:
    assert valid_id(text)


@pytest.mark.parametrize("text", ["", " ", "a b", "a,b", "a\tb", "a\nb", "none", "NONE", "Meta", "projects", "VOTES"])
def test_invalid_ids(text: str) -> None:
    assert not valid_id(text)


# --------------------------------------------------------------------------------------------------
# Property: whatever write_pabulib accepts, parse_pabulib reads back the same

_IDS = st.text(
    alphabet=st.characters(codec="utf-8", include_characters=";\"'/.-_ł"),
    min_size=1,
    max_size=5,
).filter(valid_id)
_TEXT = (
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc"]), min_size=1, max_size=8)
    .map(str.strip)
    .filter(lambda s: bool(s) and s.lower() != "none")
)
_LIST_ITEMS = _TEXT.filter(lambda s: "," not in s)


def _decimal_text(value: Money) -> str:
    """How a number should be written, worked out with the decimal module (not the code under test)."""
    if isinstance(value, int):
        return str(value)
    return format(Decimal(value.numerator) / Decimal(value.denominator), "f")


def _exact(value: Fraction) -> Money:
    return value.numerator if value.denominator == 1 else value


_DECIMALS = st.builds(
    lambda n, places: _exact(Fraction(n, 10**places)), st.integers(-(10**9), 10**9), st.integers(0, 4)
)
_MONEY = st.one_of(st.integers(0, 10**15), _DECIMALS.filter(lambda v: v >= 0))
_POINTS = st.one_of(st.integers(-5, 100), _DECIMALS)


@st.composite
def elections(draw: st.DrawFn, vote_type: VoteType | None = None) -> Election:
    vote_type = vote_type or draw(st.sampled_from(list(VoteType)))
    project_ids = draw(st.lists(_IDS, min_size=0, max_size=6, unique=True))
    project_keys = st.sampled_from(["votes", "selected", "Latitude", "ward name", "score"])
    projects = tuple(
        Project(
            id=project_id,
            cost=draw(_MONEY),
            name=draw(st.one_of(st.just(""), _TEXT)),
            categories=tuple(draw(st.lists(_LIST_ITEMS, max_size=3, unique=True))),
            targets=tuple(draw(st.lists(_LIST_ITEMS, max_size=3, unique=True))),
            extra=draw(st.dictionaries(project_keys, _TEXT, max_size=3)),
        )
        for project_id in project_ids
    )
    voter_ids = draw(st.lists(_IDS, max_size=8, unique=True))
    ballot_keys = st.sampled_from(
        ["age", "sex", "voting_method", "District", "points" if not vote_type.has_points else "x"]
    )
    ballots = []
    for voter_id in voter_ids:
        chosen = draw(
            st.lists(st.sampled_from(project_ids), unique=True, max_size=1 if vote_type is VoteType.CHOOSE_1 else 6)
            if project_ids
            else st.just([])
        )
        points = tuple(draw(_POINTS) for _ in chosen) if vote_type.has_points else None
        extra = draw(st.dictionaries(ballot_keys, _TEXT, max_size=3))
        ballots.append(Ballot(voter_id, tuple(chosen), points, extra))
    meta = draw(st.dictionaries(st.sampled_from(["description", "country", "unit", "rule", "comment"]), _TEXT))
    meta |= {"budget": "0", "vote_type": vote_type.value, "num_projects": "0", "num_votes": "0"}
    election = Election(draw(_MONEY), vote_type, projects, tuple(ballots), meta)
    # The META the writer will produce: the same keys, with the four it manages set from the election.
    consistent = dict(meta) | {
        "budget": _decimal_text(election.budget),
        "num_projects": str(len(projects)),
        "num_votes": str(len(ballots)),
    }
    return Election(election.budget, vote_type, projects, tuple(ballots), consistent)


@pytest.mark.parametrize("vote_type", list(VoteType))
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_write_then_read_gives_the_same_election(vote_type: VoteType, data: st.DataObject) -> None:
    election = data.draw(elections(vote_type))
    text = write_pabulib(election)
    assert_same_election(parse_pabulib(text, source="roundtrip.pb"), election)
    assert write_pabulib(parse_pabulib(text)) == text


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    election=elections(),
    name=st.text(st.characters(codec="utf-8"), max_size=6),
    value=st.text(st.characters(codec="utf-8"), max_size=6),
    voter_id=st.text(st.characters(codec="utf-8"), min_size=1, max_size=4),
)
def test_write_refuses_or_reads_back_the_same(election: Election, name: str, value: str, voter_id: str) -> None:
    """With arbitrary text in a name, an extra value and a voter id: refused, or read back the same."""
    assume(election.projects)
    project = election.projects[0]
    changed = Election(
        election.budget,
        election.vote_type,
        (Project(project.id, project.cost, name, extra={"note": value}), *election.projects[1:]),
        (*election.ballots, Ballot(voter_id, (), () if election.vote_type.has_points else None)),
        dict(election.meta) | {"num_votes": str(len(election.ballots) + 1)},
    )
    try:
        text = write_pabulib(changed)
    except ValueError:
        return
    assert_same_election(parse_pabulib(text), changed)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=st.sampled_from([BASE, CUMULATIVE, BASE.replace("approval", "ordinal")]),
    cut=st.tuples(st.integers(0, 200), st.integers(0, 20)),
    insert=st.text(st.sampled_from(list(';,"\n\r 0-9.pvNoneMETAVOTESPROJECTSé\ufeff')), max_size=12),
)
def test_damaged_text_is_read_or_refused_with_a_pabulib_error(base: str, cut: tuple[int, int], insert: str) -> None:
    start, length = cut
    text = base[:start] + insert + base[start + length :]
    try:
        election = parse_pabulib(text)
    except PabulibError as error:
        assert error.line is None or 1 <= error.line <= text.count("\n") + text.count("\r") + 1
        return
    assert election.vote_type in VoteType
