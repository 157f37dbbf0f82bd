"""Read and write Pabulib files (https://pabulib.org), the common format of participatory budgeting data.

A Pabulib file is UTF-8 text (a byte order mark is allowed) in three sections, in this order::

    META            <- the section name alone on its line
    key;value       <- a header row
    budget;1000     <- rows: cells separated by ";", quoted CSV-style when needed
    ...
    PROJECTS
    project_id;cost;name;category;...
    VOTES
    voter_id;vote;points;...

What this reader accepts and how it reads it:

- Numbers (costs, the budget, points) are exact: ``int`` when the value is whole ("4000" and
  "4000.0" are both 4000), otherwise ``Fraction``. A decimal comma ("1234,5") is read as a point.
  Exponents, thousands separators and anything else are a :class:`PabulibError`.
- A cell "none" (any case) is the same as an empty cell. Empty cells are left out of ``extra``.
- Cells are stripped of surrounding spaces; so are project ids inside a ``vote`` list.
- ``category``/``categories`` and ``target``/``targets`` hold comma-separated lists.
- ``vote`` holds comma-separated project ids (for ordinal ballots in rank order, first choice
  first); cumulative and scoring ballots need a ``points`` column aligned with ``vote``. An empty
  ``vote`` cell is an empty ballot.
- Column names are matched case-insensitively (``Cost`` is the cost); every other column is kept,
  as text, in ``extra`` under its name as written.
- Rows may be shorter than the header (missing cells are empty) but not longer, except for
  trailing empty cells (a stray ";" at the end of a line).
- ``num_projects`` and ``num_votes`` are kept in META as written; they are not checked.

The writer emits only files this reader reads back into an equal election, and raises
``ValueError`` for anything that would not survive the trip. In particular ids (project and
voter) must be :func:`valid_id`: no white space, no commas, no line breaks, and not one of the
words "none", "meta", "projects", "votes".
"""

from __future__ import annotations

import csv
import gc
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING

from coopcouncil.allocation.model import (
    Ballot,
    BallotGroup,
    Election,
    Money,
    Points,
    Project,
    VoteType,
    ballot_group_key,
)

if TYPE_CHECKING:
    from _csv import Reader as _CsvReader
    from _csv import Writer as _CsvWriter

__all__ = ["PabulibError", "parse_pabulib", "read_pabulib", "valid_id", "write_pabulib"]

_SECTIONS = ("meta", "projects", "votes")
_RESERVED_WORDS = frozenset(("none", *_SECTIONS))
# After a decimal comma has become a point: digits with an optional fraction, and an optional sign.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_ID_FORBIDDEN = re.compile(r"[\s,]")
_LINE_BREAK = re.compile(r"[\r\n]")
_VOTE_TYPES = ", ".join(vote_type.value for vote_type in VoteType)

_PROJECT_COLUMNS = {
    "project_id": "project_id",
    "cost": "cost",
    "name": "name",
    "category": "categories",
    "categories": "categories",
    "target": "targets",
    "targets": "targets",
}
_VOTE_COLUMNS = {"voter_id": "voter_id", "vote": "vote", "points": "points"}


class PabulibError(ValueError):
    """A Pabulib file that cannot be read, with where and why: ``source``, ``line`` and ``problem``."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.problem}"
        return f"{self.source}, line {self.line}: {self.problem}"

    def __reduce__(self) -> tuple[type[PabulibError], tuple[str, int | None, str]]:
        return (PabulibError, (self.source, self.line, self.problem))


# --------------------------------------------------------------------------------------------------
# Reading


def parse_pabulib(text: str, *, source: str = "<text>") -> Election:
    """Parse the text of a Pabulib file. Raises :class:`PabulibError` for anything it cannot read."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return _Reader(source, io.StringIO(text, newline="")).read()


def read_pabulib(path: str | os.PathLike[str]) -> Election:
    """Read a Pabulib file (UTF-8, with or without a byte order mark), streaming it line by line.

    Errors name the file (its base name) and the line. ``OSError`` is raised as is.
    """
    source = os.path.basename(os.fspath(path))
    with open(path, encoding="utf-8-sig", newline="") as file:
        try:
            return _Reader(source, file).read()
        except UnicodeDecodeError as error:
            line = _line_of_bad_byte(path)
            raise PabulibError(source, line, f"the file is not UTF-8 text ({error.reason})") from None


def _line_of_bad_byte(path: str | os.PathLike[str]) -> int | None:
    with open(path, "rb") as file:
        data = file.read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    return None  # pragma: no cover - the text decoder already failed on these bytes


def _is_empty(cell: str) -> bool:
    return not cell or cell.lower() == "none"


def _parse_number(text: str) -> Money | None:
    """The exact value of a decimal number, or None when the text is not one."""
    if text.isdigit() and text.isascii():
        return int(text)
    text = text.replace(",", ".", 1)
    if not _DECIMAL.fullmatch(text):
        return None
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):  # pragma: no cover - the pattern admits only decimals
        return None
    return value.numerator if value.denominator == 1 else value


_NO_EXTRA: Mapping[str, str] = MappingProxyType({})
_Row = tuple[int, list[str]]


def _section_name(row: list[str]) -> str | None:
    """The section a row starts ("meta", "projects", "votes"), or None for an ordinary row."""
    first = row[0]
    if len(first) > 16:  # cheap test first: most rows are not section names
        return None
    name = first.strip().lower()
    if name in _SECTIONS and not any(cell.strip() for cell in row[1:]):
        return name
    return None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while parsing.

    A large file makes hundreds of thousands of small objects (ballots, their tuples and
    mappings) and none of them are garbage, yet each few hundred allocations make the collector
    walk them again: pausing it makes parsing a third faster. Reference counting still frees
    everything as usual; the collector is switched back on only if it was on before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


class _Reader:
    """One pass over the rows of a file: META, then PROJECTS, then VOTES.

    Line numbers are physical lines, counting from 1; a row's number is the line it starts on
    (a quoted cell may run over several lines).
    """

    def __init__(self, source: str, lines: Iterable[str]) -> None:
        self.source = source
        self.reader: _CsvReader = csv.reader(lines, delimiter=";", quotechar='"', doublequote=True)
        self.end = 0  # the last line the csv reader has consumed
        self.pending: _Row | None = None  # a section-name row met while reading the section before it
        self.section_lines: dict[str, int] = {}
        self.meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        self.budget: Money = 0
        self.vote_type = VoteType.APPROVAL
        self.projects: list[Project] = []
        self.project_lines: dict[str, int] = {}
        self.ballots: list[Ballot] = []
        self.groups: dict[object, BallotGroup] = {}
        self.voter_lines: dict[str, int] = {}
        # Repeated cell values (sex, age, voting method, district, project ids) are stored once.
        self.strings: dict[str, str] = {}

    def error(self, line: int | None, problem: str) -> PabulibError:
        return PabulibError(self.source, line, problem)

    def read(self) -> Election:
        with _collector_paused():
            return self._read()

    def _read(self) -> Election:
        try:
            for line, row in self._rows():
                raise self.error(line, f"expected a section name (META, PROJECTS or VOTES), found {row[0]!r}")
            while self.pending is not None:
                line, row = self.pending
                self.pending = None
                self._section(row[0].strip().lower(), line)
        except csv.Error as error:
            raise self.error(self.reader.line_num, f"cannot split the line into cells ({error})") from None
        for name in _SECTIONS:
            if name not in self.section_lines:
                raise self.error(None, f"there is no {name.upper()} section")
        election = Election(
            budget=self.budget,
            vote_type=self.vote_type,
            projects=tuple(self.projects),
            ballots=tuple(self.ballots),
            meta=MappingProxyType(self.meta),
        )
        # The groups of identical ballots were made while reading (cheaper than a second pass), and
        # the votes are totalled from them: ``ballot_groups`` and ``votes`` are cached properties, so
        # this fills their caches and every count starts from them.
        object.__setattr__(election, "ballot_groups", MappingProxyType(self.groups))
        election.votes  # noqa: B018 - fill the cache now, as part of reading
        return election

    def _rows(self) -> Iterator[_Row]:
        """The non-blank rows of the current section, with their line numbers.

        Stops at the next section name and leaves it in ``self.pending``.
        """
        reader = self.reader
        for row in reader:
            line, self.end = self.end + 1, reader.line_num
            if _blank(row):
                continue
            if _section_name(row) is not None:
                self.pending = (line, row)
                return
            yield line, row

    def _section(self, name: str, line: int) -> None:
        lines = self.section_lines
        if name in lines:
            raise self.error(line, f"a second {name.upper()} section (the first is on line {lines[name]})")
        for earlier in _SECTIONS[: _SECTIONS.index(name)]:
            if earlier not in lines:
                raise self.error(
                    line,
                    f"there is no {earlier.upper()} section before this {name.upper()} section "
                    "(a file has META, PROJECTS and VOTES sections, in that order)",
                )
        lines[name] = line
        header_line, header = next(self._rows(), (line, []))
        if not header:
            raise self.error(line, f"the {name.upper()} section has no header row")
        if name == "meta":
            self._read_meta(header_line, header)
        elif name == "projects":
            self._read_projects(header_line, header)
        else:
            self._read_votes(header_line, header)

    # -- header -------------------------------------------------------------------------------------

    def _columns(self, line: int, header: list[str], known: Mapping[str, str]) -> tuple[dict[str, int], list[str]]:
        """Map known column roles to their index; name every column; check the header is sound."""
        names = [cell.strip() for cell in header]
        while names and not names[-1]:
            names.pop()
        roles: dict[str, int] = {}
        seen: set[str] = set()
        for index, name in enumerate(names):
            if not name:
                raise self.error(line, f"column {index + 1} of the header has no name")
            if name in seen:
                raise self.error(line, f"the header names the column {name!r} twice")
            seen.add(name)
            role = known.get(name.lower())
            if role is not None:
                if role in roles:
                    other = names[roles[role]]
                    raise self.error(line, f"the header has both {other!r} and {name!r} columns")
                roles[role] = index
        return roles, names

    def _check_width(self, line: int, row: list[str], width: int) -> None:
        if len(row) > width and not _blank(row[width:]):
            raise self.error(line, f"the row has {len(row)} cells but the header has {width} columns")

    # -- META -----------------------------------------------------------------------------------------

    def _read_meta(self, header_line: int, header: list[str]) -> None:
        _, names = self._columns(header_line, header, {})
        width = max(len(names), 2)
        meta, meta_lines = self.meta, self.meta_lines
        for line, row in self._rows():
            self._check_width(line, row, width)
            key = row[0].strip()
            value = row[1].strip() if len(row) > 1 else ""
            if not key:
                raise self.error(line, f"the META row with the value {value!r} has no key")
            if key in meta:
                raise self.error(line, f"META key {key!r} appears twice (first on line {meta_lines[key]})")
            meta[key] = value
            meta_lines[key] = line
        meta_line = self.section_lines["meta"]
        for required in ("budget", "vote_type"):
            if required not in meta:
                raise self.error(meta_line, f"META has no {required!r}")
        budget = _parse_number(meta["budget"])
        if budget is None:
            raise self.error(meta_lines["budget"], f"budget {meta['budget']!r} is not a number")
        if budget < 0:
            raise self.error(meta_lines["budget"], f"budget {meta['budget']!r} is negative")
        self.budget = budget
        try:
            self.vote_type = VoteType(meta["vote_type"].lower())
        except ValueError:
            raise self.error(
                meta_lines["vote_type"], f"unknown vote_type {meta['vote_type']!r} (expected one of {_VOTE_TYPES})"
            ) from None

    # -- PROJECTS -------------------------------------------------------------------------------------

    def _read_projects(self, header_line: int, header: list[str]) -> None:
        roles, names = self._columns(header_line, header, _PROJECT_COLUMNS)
        for required in ("project_id", "cost"):
            if required not in roles:
                raise self.error(header_line, f"the PROJECTS header has no {required!r} column")
        width = len(names)
        id_at, cost_at = roles["project_id"], roles["cost"]
        name_at = roles.get("name", -1)
        categories_at = roles.get("categories", -1)
        targets_at = roles.get("targets", -1)
        known = set(roles.values())
        others = [(index, name) for index, name in enumerate(names) if index not in known]
        lines = self.project_lines
        for line, row in self._rows():
            self._check_width(line, row, width)
            cells = [cell.strip() for cell in row]
            cells += [""] * (width - len(cells))
            project_id = cells[id_at]
            if _is_empty(project_id):
                raise self.error(line, "the project has no id")
            if "," in project_id:
                raise self.error(line, f"project id {project_id!r} has a comma in it, so no vote could name it")
            if project_id in lines:
                raise self.error(line, f"project id {project_id!r} appears twice (first on line {lines[project_id]})")
            cost_text = cells[cost_at]
            if _is_empty(cost_text):
                raise self.error(line, f"project {project_id!r} has no cost")
            cost = _parse_number(cost_text)
            if cost is None:
                raise self.error(line, f"cost {cost_text!r} of project {project_id!r} is not a number")
            if cost < 0:
                raise self.error(line, f"cost {cost_text!r} of project {project_id!r} is negative")
            project_id = self._intern(project_id)
            lines[project_id] = line
            name = cells[name_at] if name_at >= 0 else ""
            extra = {key: self._intern(cells[index]) for index, key in others if not _is_empty(cells[index])}
            self.projects.append(
                Project(
                    id=project_id,
                    cost=cost,
                    name="" if _is_empty(name) else name,
                    categories=self._list(cells[categories_at]) if categories_at >= 0 else (),
                    targets=self._list(cells[targets_at]) if targets_at >= 0 else (),
                    extra=MappingProxyType(extra) if extra else _NO_EXTRA,
                )
            )

    def _list(self, cell: str) -> tuple[str, ...]:
        if _is_empty(cell):
            return ()
        items = (self._intern(item.strip()) for item in cell.split(","))
        return tuple(dict.fromkeys(item for item in items if item))

    def _intern(self, text: str) -> str:
        return self.strings.setdefault(text, text)

    # -- VOTES ----------------------------------------------------------------------------------------

    def _read_votes(self, header_line: int, header: list[str]) -> None:
        """The hot loop (about 1 µs a ballot matters here): rows are read straight off the csv reader."""
        vote_type = self.vote_type
        has_points = vote_type.has_points
        known_columns = _VOTE_COLUMNS if has_points else {"voter_id": "voter_id", "vote": "vote"}
        roles, names = self._columns(header_line, header, known_columns)
        for required in ("voter_id", "vote"):
            if required not in roles:
                raise self.error(header_line, f"the VOTES header has no {required!r} column")
        if has_points and "points" not in roles:
            raise self.error(header_line, f"the VOTES header has no 'points' column, which {vote_type} ballots need")
        width = len(names)
        id_at, vote_at, points_at = roles["voter_id"], roles["vote"], roles.get("points", -1)
        known = set(roles.values())
        others = [(index, name) for index, name in enumerate(names) if index not in known]
        project_ids = {project.id: project.id for project in self.projects}
        strings = self.strings
        voter_lines = self.voter_lines
        append = self.ballots.append
        groups = self.groups
        group_key = ballot_group_key
        error = self.error
        choose_one = vote_type is VoteType.CHOOSE_1
        no_points: tuple[Points, ...] | None = () if has_points else None
        reader = self.reader
        end = self.end
        for row in reader:
            line, end = end + 1, reader.line_num
            length = len(row)
            if not length:
                continue
            first = row[0]
            if len(first) <= 16 and first.lower().strip() in _SECTIONS and _blank(row[1:]):
                self.pending = (line, row)
                break
            if length > width:
                self._check_width(line, row, width)
            voter_id = row[id_at].strip() if id_at < length else ""
            if not voter_id or (len(voter_id) == 4 and voter_id.lower() == "none"):
                if _blank(row):
                    continue
                raise error(line, "the ballot has no voter id")
            if voter_id in voter_lines:
                raise error(line, f"voter id {voter_id!r} appears twice (first on line {voter_lines[voter_id]})")
            voter_lines[voter_id] = line
            vote = row[vote_at].strip() if vote_at < length else ""
            if not vote or (len(vote) == 4 and vote.lower() == "none"):
                projects: tuple[str, ...] = ()
            else:
                names_in_vote = vote.split(",")
                try:
                    projects = tuple([project_ids[name] for name in names_in_vote])
                except KeyError:
                    projects = tuple([self._project_named(line, name.strip(), project_ids) for name in names_in_vote])
                if len(projects) > 1:
                    if len(set(projects)) != len(projects):
                        twice = next(p for index, p in enumerate(projects) if p in projects[:index])
                        raise error(line, f"the ballot of voter {voter_id!r} names project {twice!r} twice")
                    if choose_one:
                        raise error(line, f"a choose-1 ballot names {len(projects)} projects")
            points = no_points
            if has_points:
                cell = row[points_at].strip() if points_at < length else ""
                points = () if _is_empty(cell) else self._points(line, cell)
                if len(points) != len(projects):
                    raise error(
                        line,
                        f"the ballot of voter {voter_id!r} names {_count(len(projects), 'project')} "
                        f"but gives {_count(len(points), 'point')}",
                    )
            extra: dict[str, str] = {}
            for index, key in others:
                if index < length:
                    value = row[index].strip()
                    if value and (len(value) != 4 or value.lower() != "none"):
                        extra[key] = strings.setdefault(value, value)
            if extra:
                append(Ballot(voter_id, projects, points, MappingProxyType(extra)))
            else:
                append(Ballot(voter_id, projects, points))
            same_as = group_key(vote_type, projects, points)
            group = groups.get(same_as)
            if group is None:
                groups[same_as] = BallotGroup(projects, points, [voter_id])
            else:
                group.voter_ids.append(voter_id)
        self.end = end

    def _project_named(self, line: int, name: str, project_ids: dict[str, str]) -> str:
        project_id = project_ids.get(name)
        if project_id is None:
            if not name:
                raise self.error(line, "the vote has an empty project id (two commas in a row, or a stray comma)")
            raise self.error(line, f"the vote names project {name!r}, which is not in PROJECTS")
        return project_id

    def _points(self, line: int, cell: str) -> tuple[Points, ...]:
        values: list[Points] = []
        for text in cell.split(","):
            text = text.strip()
            value = int(text) if text.isdigit() and text.isascii() else _parse_number(text)
            if value is None:
                raise self.error(line, f"points {text!r} is not a number (in {cell!r})")
            values.append(value)
        return tuple(values)


# --------------------------------------------------------------------------------------------------
# Writing


def valid_id(text: str) -> bool:
    """Whether ``text`` can be a project or voter id in a file this module writes.

    An id is one or more characters with no white space (spaces, tabs, line breaks), no comma
    (``vote`` lists are comma-separated) and is not "none", "meta", "projects" or "votes" in any
    case (an empty cell, and the section names). Semicolons and quotes are allowed: cells are quoted.
    """
    return bool(text) and text.isprintable() and not _ID_FORBIDDEN.search(text) and text.lower() not in _RESERVED_WORDS


def write_pabulib(election: Election) -> str:
    """The election as the text of a Pabulib file, which :func:`parse_pabulib` reads back equal.

    META keeps the election's keys in order, with ``budget``, ``vote_type``, ``num_projects`` and
    ``num_votes`` set from the election (added at the end when missing). Projects and ballots keep
    their order. Numbers are written exactly: ints as ints, other Fractions as decimals with a point.
    Raises ``ValueError`` for what cannot be written faithfully: a Fraction with no finite decimal
    form (1/3), a float, an id that is not :func:`valid_id`, a value that would not read back the
    same (a line break, surrounding spaces, "none", an empty ``extra`` value), or an election the
    reader would reject (duplicate ids, a ballot naming an unknown project or one project twice,
    points that do not line up with the projects).
    """
    vote_type = VoteType(election.vote_type)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quotechar='"', doublequote=True, lineterminator="\n")

    meta = {str(key): str(value) for key, value in election.meta.items()}
    meta["budget"] = _format_number(election.budget, "the budget", allow_negative=False)
    meta["vote_type"] = vote_type.value
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(len(election.ballots))
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        _check_name(key, "META key")
        if key.lower() in _SECTIONS:
            raise ValueError(f"META key {key!r} would be read as a section name.")
        _check_text(value, f"the META value for {key!r}", allow_empty=True, none_is_empty=False)
        writer.writerow([key, value])

    project_ids = _write_projects(writer, election.projects)
    _write_votes(writer, election.ballots, vote_type, project_ids)
    return out.getvalue()


def _write_projects(writer: _CsvWriter, projects: Iterable[Project]) -> set[str]:
    projects = tuple(projects)
    has_name = any(project.name for project in projects)
    has_categories = any(project.categories for project in projects)
    has_targets = any(project.targets for project in projects)
    extra_keys = _extra_keys((project.extra for project in projects), _PROJECT_COLUMNS, "project")
    header = ["project_id", "cost"]
    header += ["name"] * has_name + ["category"] * has_categories + ["target"] * has_targets
    writer.writerow(["PROJECTS"])
    writer.writerow(header + extra_keys)
    ids: set[str] = set()
    for project in projects:
        _check_id(project.id, "project id")
        if project.id in ids:
            raise ValueError(f"Project id {project.id!r} appears twice.")
        ids.add(project.id)
        what = f"project {project.id!r}"
        row = [project.id, _format_number(project.cost, f"the cost of {what}", allow_negative=False)]
        if has_name:
            _check_text(project.name, f"the name of {what}", allow_empty=True)
            row.append(project.name)
        if has_categories:
            row.append(_format_list(project.categories, f"a category of {what}"))
        if has_targets:
            row.append(_format_list(project.targets, f"a target of {what}"))
        row += _extra_cells(project.extra, extra_keys, what)
        writer.writerow(row)
    return ids


def _write_votes(writer: _CsvWriter, ballots: Iterable[Ballot], vote_type: VoteType, project_ids: set[str]) -> None:
    ballots = tuple(ballots)
    has_points = vote_type.has_points
    extra_keys = _extra_keys(
        (ballot.extra for ballot in ballots), _VOTE_COLUMNS if has_points else ("voter_id", "vote"), "ballot"
    )
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote", *(["points"] if has_points else []), *extra_keys])
    voters: set[str] = set()
    for ballot in ballots:
        _check_id(ballot.voter_id, "voter id")
        if ballot.voter_id in voters:
            raise ValueError(f"Voter id {ballot.voter_id!r} appears twice.")
        voters.add(ballot.voter_id)
        what = f"the ballot of voter {ballot.voter_id!r}"
        for project_id in ballot.projects:
            if project_id not in project_ids:
                raise ValueError(f"{_first_upper(what)} names project {project_id!r}, which is not in the election.")
        if len(set(ballot.projects)) != len(ballot.projects):
            raise ValueError(f"{_first_upper(what)} names a project twice.")
        if vote_type is VoteType.CHOOSE_1 and len(ballot.projects) > 1:
            raise ValueError(f"{_first_upper(what)} names {len(ballot.projects)} projects in a choose-1 election.")
        row = [ballot.voter_id, ",".join(ballot.projects)]
        if has_points:
            if ballot.points is None or len(ballot.points) != len(ballot.projects):
                given = "no" if ballot.points is None else len(ballot.points)
                raise ValueError(
                    f"{_first_upper(what)} has {len(ballot.projects)} projects but {given} points "
                    f"({vote_type} ballots need one number per project)."
                )
            row.append(",".join(_format_number(p, f"a point on {what}") for p in ballot.points))
        elif ballot.points is not None:
            raise ValueError(f"{_first_upper(what)} has points, but {vote_type} ballots have none.")
        row += _extra_cells(ballot.extra, extra_keys, what)
        writer.writerow(row)


def _extra_keys(extras: Iterable[Mapping[str, str]], reserved: Iterable[str], what: str) -> list[str]:
    keys: dict[str, None] = {}
    for extra in extras:
        for key in extra:
            if key not in keys:
                _check_name(key, f"{what} column name")
                if key.lower() in reserved:
                    raise ValueError(f"The {what} extra column {key!r} would be read as a standard column.")
                keys[key] = None
    return list(keys)


def _extra_cells(extra: Mapping[str, str], keys: list[str], what: str) -> list[str]:
    if not extra:
        return [""] * len(keys)
    cells = []
    for key in keys:
        value = extra.get(key)
        if value is None:
            cells.append("")
        else:
            _check_text(value, f"{key!r} of {what}", allow_empty=False)
            cells.append(value)
    return cells


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _check_id(text: str, what: str) -> None:
    if not isinstance(text, str) or not valid_id(text):
        raise ValueError(
            f"{_first_upper(what)} {text!r} cannot be written: ids must be non-empty, with no spaces, commas "
            "or line breaks, and not 'none', 'meta', 'projects' or 'votes'."
        )


def _check_name(text: str, what: str) -> None:
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"A {what} must not be empty (got {text!r}).")
    _check_text(text, f"the {what} {text!r}", allow_empty=False)


def _check_text(text: str, what: str, *, allow_empty: bool, none_is_empty: bool = True) -> None:
    if not isinstance(text, str):
        raise ValueError(f"{_first_upper(what)} must be text, not {type(text).__name__}.")
    if not text:
        if allow_empty:
            return
        raise ValueError(f"{_first_upper(what)} is empty: an empty value reads back as missing, so leave it out.")
    if _LINE_BREAK.search(text):
        raise ValueError(f"{_first_upper(what)} contains a line break: {text!r}.")
    if text != text.strip():
        raise ValueError(f"{_first_upper(what)} has surrounding spaces, which reading removes: {text!r}.")
    if none_is_empty and text.lower() == "none":
        raise ValueError(f"{_first_upper(what)} is {text!r}, which reads back as an empty cell.")


def _format_list(items: tuple[str, ...], what: str) -> str:
    for item in items:
        _check_text(item, what, allow_empty=False)
        if "," in item:
            raise ValueError(f"{_first_upper(what)} contains a comma, which separates the list: {item!r}.")
    if len(set(items)) != len(items):
        raise ValueError(f"{_first_upper(what)}: the list {items!r} repeats an item.")
    cell = ",".join(items)
    if cell.lower() == "none":
        raise ValueError(f"{_first_upper(what)} is {cell!r}, which reads back as an empty cell.")
    return cell


def _format_number(value: object, what: str, *, allow_negative: bool = True) -> str:
    """An int or Fraction as exact decimal text: "1234", "1234.5", "-0.25"."""
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise ValueError(f"{_first_upper(what)} must be an int or a Fraction, not {type(value).__name__} ({value!r}).")
    if value < 0 and not allow_negative:
        raise ValueError(f"{_first_upper(what)} is negative ({value}).")
    if isinstance(value, int):
        return str(value)
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        raise ValueError(
            f"{_first_upper(what)} is {value}, which has no exact decimal form; Pabulib files hold decimals, "
            "so round it (to whole units, say) before writing."
        )
    places = max(twos, fives)
    if places == 0:
        return str(value.numerator)
    scaled = abs(value.numerator) * (10**places // value.denominator)
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"
