"""Ballots per second through the HTTP API under gunicorn, beside PostgreSQL alone doing the same inserts.

What it measures: signed-in voters casting approval ballots with ``POST /api/v1/budgets/<slug>/ballots``
against gunicorn running the production settings on a fresh PostgreSQL database, at 50 and 200 voters
at once; then the same rows written straight into the same tables by psycopg, one transaction per
ballot, as the ceiling the database alone sets. For each run: ballots per second, latency percentiles,
and the CPU time of the web server, of PostgreSQL and of this script (the load), read from /proc.

How, and why so:

- The database (``bench_ballots`` by default) is dropped, created and migrated with ``coopcouncil
  migrate`` on every run, so each run starts from the same empty tables.
- Voters get a login and a session made directly (a ``django_session`` row holding what
  ``django.contrib.auth.login`` would store), not by signing in through the form: the form checks the
  password with Argon2, deliberately slow, which would measure sign-in rather than the ballot box.
  Every voter shares one Argon2 hash, made once, so the logins are real but cheap to create.
- gunicorn runs 3 sync workers by default (``--workers``, ``--worker-class``, ``--threads``): the
  server is CPU-bound, so on 2 cores one worker more than the cores covers each one's waits for
  PostgreSQL, and more only take turns on the same cores.
- Every request is a new voter, sending a ``csrftoken`` cookie and the same value in ``X-CSRFToken``
  as a browser's JavaScript would; each opens a new connection, as a proxy in front of gunicorn does.
  Each run has its own round, so one voter pool serves every run, and a short warm-up on a round of
  its own opens the workers' database connections before the clock starts.
- Afterwards the database must hold exactly one ballot, one register mark, three choices and one
  audit entry per 201 answer, for distinct voters, with receipt hashes matching the receipts given.
- The ceiling writes what ``ballot_submit`` writes (the register mark, the ballot, its choices and
  the audit entry) in one transaction per ballot, without the reads and checks around them.
  PostgreSQL here allows 100 connections in all, shared with other work, so the ceiling uses at most
  ``--ceiling-connections`` (50) of them: at 200 voters, 200 threads share 50 connections and a
  ballot's latency includes waiting for one, as a voter's includes waiting for a gunicorn worker.
- CPU is the change in each process's utime+stime (/proc/<pid>/stat) over the run: gunicorn's master
  and workers; PostgreSQL's backends connected to the benchmark database plus its background
  processes (WAL writer, checkpointer...); and this process. Other client backends of the same
  server, and the machine as a whole, are reported too, so the noise of a shared machine shows.

Run from the repository root, with PostgreSQL on 127.0.0.1:5432 (trust auth) and Redis for the
production cache::

    uv run --frozen python benchmarks/ballots.py            # 30 s per run; writes the results
    uv run --frozen python benchmarks/ballots.py --quick    # 5 s per run, to try it out

The Markdown goes to ``benchmarks/results/ballots.md`` (``--out``). The figures are for one run on
whatever machine runs it, relative rather than absolute; nothing asserts them.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import os
import platform
import queue
import secrets
import shutil
import string
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

REPOSITORY = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHOICES_PER_BALLOT = 3
PROJECTS = [
    ("Pocket park", 1_200_000),
    ("Street trees", 300_000),
    ("Youth club kitchen", 450_000),
    ("Library garden", 250_000),
    ("Bike hangars", 180_000),
    ("Play street kit", 90_000),
    ("Community fridge", 60_000),
    ("Benches on the high road", 120_000),
]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def say(message: str) -> None:
    print(message, flush=True)  # noqa: T201 - a benchmark reports its progress on the terminal


# --- The environment gunicorn and this script share -------------------------------------------------


def bench_environment(*, database_url: str, secret_key: str, data_dir: Path, redis_url: str) -> dict[str, str]:
    """The production settings, as README's "Running it for real" sets them, on plain HTTP.

    Production's only TLS setting that would get in the way on 127.0.0.1 is SECURE_SSL_REDIRECT,
    which it reads from the environment; secure-cookie flags and HSTS change nothing for a client
    that sends its cookies itself over plain HTTP, so no settings module of the benchmark's own is
    needed.
    """
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="coopcouncil.config.settings.production",
        SECRET_KEY=secret_key,
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS="http://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        REDIS_URL=redis_url,
        COOPCOUNCIL_DATA_DIR=str(data_dir),
        COOPCOUNCIL_TASKS="database",
        LOG_LEVEL="ERROR",  # a warning per refused request would be the server's main work
    )
    return env


def database_recreate(server_url: str, name: str) -> str:
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


# --- Set-up: a round open for votes, voters with sessions ---------------------------------------------


@dataclass(frozen=True)
class Voter:
    person_id: int
    session_key: str
    csrf_token: str


@dataclass(frozen=True)
class BenchRound:
    id: int
    slug: str
    label: str
    proposal_ids: tuple[int, ...]


def django_start() -> None:
    import django

    django.setup()


def officer_and_owner() -> tuple[Any, Any]:
    from coopcouncil.accounts.models import Person, Role, RoleAssignment, User
    from coopcouncil.places.models import Community, CommunityKind, LocalAuthority

    user = User.objects.create_user("officer@bench.invalid", None)
    officer = Person.objects.create(user=user, full_name="Bench Officer", contact_email=user.email)
    RoleAssignment.objects.create(person=officer, role=Role.OFFICER)
    authority = LocalAuthority.objects.create(name="London Borough of Lambeth", gss_code="E09000022")
    owner = Community.objects.create(slug="lambeth", name="Lambeth", kind=CommunityKind.BOROUGH, authority=authority)
    return officer, owner


def round_open_for_votes(officer: Any, owner: Any, slug: str) -> BenchRound:
    """A round made through the services, as tests/budgeting/factories.py ``round_in_phase`` does."""
    from coopcouncil.budgeting import services
    from coopcouncil.budgeting.models import Category, Phase, Proposal, ProposalStatus, Round
    from coopcouncil.core.actors import Actor

    round = services.round_create(
        actor=Actor(person=officer),
        owner=owner,
        slug=slug,
        title=f"Benchmark {slug}",
        summary="How should we spend it?",
        budget_pence=2_000_000,
        max_choices=CHOICES_PER_BALLOT,
    )
    pot = round.pots.get()
    for number, (title, cost) in enumerate(PROJECTS, start=1):
        Proposal.objects.create(
            round=round,
            pot=pot,
            title=title,
            description=f"{title}, for everyone.",
            estimated_cost_pence=cost,
            costed_pence=cost,
            category=Category.COMMUNITY,
            status=ProposalStatus.SHORTLISTED,
            ballot_number=number,
        )
    Round.objects.filter(pk=round.pk).update(phase=Phase.VOTING_OPEN)
    ids = tuple(round.proposals.order_by("ballot_number").values_list("pk", flat=True))
    return BenchRound(round.pk, slug, str(round), ids)


def voters_create(how_many: int) -> list[Voter]:
    """Logins, people and signed-in sessions, written in bulk."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone

    from coopcouncil.accounts.models import Person, User

    password = make_password("bench-password-" + secrets.token_hex(8))  # one Argon2 hash for everyone
    alphabet = string.ascii_letters + string.digits
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    store = SessionStore()
    voters: list[Voter] = []
    batch = 2000
    for start in range(0, how_many, batch):
        size = min(batch, how_many - start)
        with transaction.atomic():
            users = User.objects.bulk_create(
                [User(email=f"voter{start + i}@bench.invalid", password=password) for i in range(size)]
            )
            people = Person.objects.bulk_create(
                [
                    Person(user=u, full_name=f"Voter {start + i}", contact_email=u.email, postcode="SW2 1RW")
                    for i, u in enumerate(users)
                ]
            )
            sessions = []
            for user, person in zip(users, people, strict=True):
                key = "".join(secrets.choice(alphabet) for _ in range(32))
                data = {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                }
                sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
                voters.append(Voter(person.pk, key, "".join(secrets.choice(alphabet) for _ in range(32))))
            Session.objects.bulk_create(sessions)
    return voters


def choices_for(voter_index: int, proposal_ids: Sequence[int]) -> list[int]:
    """Three different projects, varied from voter to voter."""
    n = len(proposal_ids)
    return [proposal_ids[(voter_index + step) % n] for step in (0, 1, 3)]


# --- CPU time from /proc --------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[int, int, int] | None:
    """(parent pid, utime+stime in ticks, start time in ticks since boot), or None if it has gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[19])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _uptime_ticks() -> float:
    return float(Path("/proc/uptime").read_text().split()[0]) * CLOCK_TICKS


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    total = sum(values[:8])  # steal included; guest time is already in user
    return total - idle, total


GROUPS = ("server", "postgres", "load", "postgres_other")


class CpuSampler:
    """Sums the CPU time each group of processes used between ``start`` and ``stop``.

    Processes are found again every half second, so a worker or backend that starts during the run
    is counted from zero and one that ends keeps what it had used at the last look.
    """

    def __init__(self, *, server_pid: int | None, database: str) -> None:
        self.server_pid = server_pid
        self.database = database
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.group: dict[int, str] = {}
        self.ignored: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _classify(self, pid: int, ppid: int) -> str | None:
        if pid == os.getpid():
            return "load"
        if self.server_pid is not None and self.server_pid in (pid, ppid):
            return "server"
        if _comm(pid) != "postgres":
            return None
        cmdline = _cmdline(pid)
        # A client backend reads "postgres: 15/main: user database 127.0.0.1(port) idle"; an autovacuum
        # worker names its database too. The postmaster and its other background processes are ours.
        if "(" in cmdline or "autovacuum worker" in cmdline:
            return "postgres" if f" {self.database} " in f"{cmdline} " else "postgres_other"
        return "postgres"

    def _look(self, *, initial: bool = False) -> None:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit() or int(entry.name) in self.ignored:
                continue
            pid = int(entry.name)
            stat = _stat(pid)
            if stat is None:
                continue
            ppid, cpu, started = stat
            if pid not in self.group:
                group = self._classify(pid, ppid)
                if group is None:
                    self.ignored.add(pid)
                    continue
                self.group[pid] = group
                # A process born during the run used all its CPU time during the run.
                self.first[pid] = 0 if not initial and started >= self._started_ticks else cpu
            self.last[pid] = cpu

    def _loop(self) -> None:
        while not self._stop.wait(0.5):
            self._look()

    def start(self) -> None:
        self._started_ticks = _uptime_ticks()
        self._machine_start = _machine_ticks()
        self._look(initial=True)
        self._thread.start()

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        self._look()
        busy_end, _ = _machine_ticks()
        seconds = dict.fromkeys(GROUPS, 0.0)
        for pid, group in self.group.items():
            seconds[group] += (self.last[pid] - self.first[pid]) / CLOCK_TICKS
        # The whole machine's busy time, in CPU seconds (total jiffies are summed over every core).
        seconds["machine"] = (busy_end - self._machine_start[0]) / CLOCK_TICKS
        return seconds


# --- Load ------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)  # seconds, successful ballots only
    receipts: list[str] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    ran_out: bool = False  # every voter had voted before time was up


@dataclass(frozen=True)
class Run:
    path: str  # "HTTP" or "PostgreSQL alone"
    concurrency: int
    seconds: float
    ballots: int
    latencies: list[float]
    errors: Counter[str]
    cpu: dict[str, float]
    note: str = ""
    receipts: list[str] = field(default_factory=list, repr=False)

    @property
    def per_second(self) -> float:
        return self.ballots / self.seconds

    def percentile(self, p: float) -> float:
        """Nearest rank, in milliseconds."""
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        rank = max(1, -(-len(ordered) * p // 100))
        return ordered[int(rank) - 1] * 1000


def drive(
    cast: Callable[[int], str | None],
    *,
    concurrency: int,
    seconds: float,
    voters: int,
    sampler: CpuSampler | None,
    before_each_thread: Callable[[], Any] | None = None,
) -> tuple[float, Outcome, dict[str, float]]:
    """``concurrency`` threads call ``cast(voter_index)`` for new voters until time is up.

    ``cast`` returns the receipt, or raises; a request under way when time is up finishes and counts.
    """
    numbers: Iterator[int] = itertools.count()  # next() on a count is atomic under the GIL
    outcomes = [Outcome() for _ in range(concurrency)]
    ready = threading.Barrier(concurrency + 1)
    deadline = 0.0

    def worker(outcome: Outcome) -> None:
        if before_each_thread is not None:
            before_each_thread()
        ready.wait()
        while time.perf_counter() < deadline:
            index = next(numbers)
            if index >= voters:
                outcome.ran_out = True
                return
            started = time.perf_counter()
            try:
                receipt = cast(index)
            except Exception as error:  # every failure is counted, by kind
                outcome.errors[str(error)[:80] or type(error).__name__] += 1
                continue
            outcome.latencies.append(time.perf_counter() - started)
            if receipt is not None:
                outcome.receipts.append(receipt)

    threads = [threading.Thread(target=worker, args=(o,), daemon=True) for o in outcomes]
    for thread in threads:
        thread.start()
    if sampler is not None:
        sampler.start()
    began = time.perf_counter()
    deadline = began + seconds
    ready.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    cpu = sampler.stop() if sampler is not None else {}
    merged = Outcome()
    for outcome in outcomes:
        merged.latencies.extend(outcome.latencies)
        merged.receipts.extend(outcome.receipts)
        merged.errors.update(outcome.errors)
        merged.ran_out = merged.ran_out or outcome.ran_out
    return elapsed, merged, cpu


class HttpVoting:
    """Casts ballots through the API, one new connection per request."""

    def __init__(self, port: int, voters: Sequence[Voter]) -> None:
        self.port = port
        self.voters = voters

    def caster(self, round: BenchRound) -> Callable[[int], str | None]:
        path = f"/api/v1/budgets/{round.slug}/ballots"

        def cast(index: int) -> str | None:
            voter = self.voters[index]
            body = json.dumps(
                {
                    "submission": str(uuid.uuid4()),
                    "choices": [{"proposal": p} for p in choices_for(index, round.proposal_ids)],
                }
            )
            headers = {
                "Host": "127.0.0.1",
                "Content-Type": "application/json",
                "Cookie": f"sessionid={voter.session_key}; csrftoken={voter.csrf_token}",
                "X-CSRFToken": voter.csrf_token,
            }
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                connection.request("POST", path, body, headers)
                response = connection.getresponse()
                data = response.read()
            finally:
                connection.close()
            if response.status != 201:
                raise RuntimeError(f"HTTP {response.status}: {data[:60].decode(errors='replace')}")
            receipt: str = json.loads(data)["receipt"]
            return receipt

        return cast


class DirectVoting:
    """The rows ``ballot_submit`` writes, straight into the same tables with psycopg."""

    def __init__(self, database_url: str, voters: Sequence[Voter], connections: int) -> None:
        from django.contrib.contenttypes.models import ContentType

        from coopcouncil.budgeting.models import Ballot, BallotChoice, Round, VoterMark
        from coopcouncil.core.models import AuditEntry

        self.voters = voters
        self.round_type_id = ContentType.objects.get_for_model(Round).pk
        # Table names come from the models; sql.Identifier quotes them.
        self.mark_sql = sql.SQL(
            "INSERT INTO {} (round_id, person_id, credential, slot, channel, submission, declared_other_channel,"
            " marked_by_id, marked_at) VALUES (%s, %s, %s, 'any', 'online', %s, false, NULL, now())"
        ).format(sql.Identifier(VoterMark._meta.db_table))
        self.ballot_sql = sql.SQL(
            "INSERT INTO {} (id, round_id, receipt_hash, channel, paper_serial, cast_on, changed_count)"
            " VALUES (%s, %s, %s, 'online', '', current_date, 0)"
        ).format(sql.Identifier(Ballot._meta.db_table))
        self.choice_sql = sql.SQL("INSERT INTO {} (ballot_id, proposal_id, points, rank) VALUES {}").format(
            sql.Identifier(BallotChoice._meta.db_table),
            sql.SQL(", ").join([sql.SQL("(%s, %s, NULL, NULL)")] * CHOICES_PER_BALLOT),
        )
        self.audit_sql = sql.SQL(
            "INSERT INTO {} (at, actor_id, on_behalf_of_id, action, target_type_id, target_id, target_label, details)"
            " VALUES (now(), %s, NULL, 'ballot.cast', %s, %s, %s, %s)"
        ).format(sql.Identifier(AuditEntry._meta.db_table))
        self.pool: queue.Queue[psycopg.Connection[Any]] = queue.Queue()
        self.opened = [psycopg.connect(database_url, autocommit=True) for _ in range(connections)]
        for conn in self.opened:
            self.pool.put(conn)

    def close(self) -> None:
        for conn in self.opened:
            conn.close()

    def caster(self, round: BenchRound) -> Callable[[int], str | None]:
        from coopcouncil.budgeting.codes import code_hash, code_new

        details = json.dumps({"channel": "online"})

        def cast(index: int) -> str | None:
            voter = self.voters[index]
            receipt = code_new()
            ballot_id = uuid.uuid4()
            choices = [value for p in choices_for(index, round.proposal_ids) for value in (ballot_id, p)]
            conn = self.pool.get()
            try:
                with conn.transaction():
                    conn.execute(self.mark_sql, (round.id, voter.person_id, f"account:{voter.person_id}", uuid.uuid4()))
                    conn.execute(self.ballot_sql, (ballot_id, round.id, code_hash(receipt)))
                    conn.execute(self.choice_sql, choices)
                    conn.execute(
                        self.audit_sql, (voter.person_id, self.round_type_id, str(round.id), round.label, details)
                    )
            finally:
                self.pool.put(conn)
            return receipt

        return cast


# --- Checks afterwards --------------------------------------------------------------------------------


def verify(run: Run, round: BenchRound) -> str:
    """Exactly one of each row per ballot answered, for distinct voters, with the receipts given."""
    from django.db import connection

    from coopcouncil.budgeting.codes import code_hash
    from coopcouncil.budgeting.models import Ballot, BallotChoice, VoterMark
    from coopcouncil.core.models import AuditEntry

    ballots = Ballot.objects.filter(round_id=round.id)
    marks = VoterMark.objects.filter(round_id=round.id)
    found = {
        "ballots": ballots.count(),
        "marks": marks.count(),
        "voters": marks.values("person_id").distinct().count(),
        "choices": BallotChoice.objects.filter(ballot__round_id=round.id).count() / CHOICES_PER_BALLOT,
        "audit entries": AuditEntry.objects.filter(action="ballot.cast", target_id=str(round.id)).count(),
    }
    problems = [f"{what} {count:g}" for what, count in found.items() if count != run.ballots]
    stored = set(ballots.values_list("receipt_hash", flat=True))
    if stored != {code_hash(r) for r in run.receipts} or len(run.receipts) != run.ballots:
        problems.append("receipts differ from the stored hashes")
    connection.close()
    if problems:
        return f"**mismatch** for {run.ballots} answered: " + ", ".join(problems)
    return f"{run.ballots:,} ballots, marks, audit entries and voters; {run.ballots * CHOICES_PER_BALLOT:,} choices"


# --- The server -----------------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str], *, port: int, workers: int, worker_class: str, threads: int, log: Path
) -> Iterator[int]:
    command = [
        str(BIN / "gunicorn"),
        "coopcouncil.config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--worker-class={worker_class}",
        f"--threads={threads}",
        "--backlog=2048",
        "--timeout=120",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=REPOSITORY)  # noqa: S603
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    connection.request("GET", "/api/v1/budgets", headers={"Host": "127.0.0.1"})
                    status = connection.getresponse().status
                    connection.close()
                    if status == 200:
                        break
                    raise RuntimeError(f"GET /api/v1/budgets answered {status}:\n{log.read_text()[-3000:]}")
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            yield process.pid
        finally:
            process.terminate()
            process.wait(timeout=30)


# --- Report ---------------------------------------------------------------------------------------------


def machine_description() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return f"{model}, {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GB, Linux {platform.release()}"


def versions(database_url: str) -> str:
    from importlib.metadata import version

    with psycopg.connect(database_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
        server = row[0].split()[0] if row else "?"
        settings_row = conn.execute(
            "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings"
            " WHERE name IN ('synchronous_commit', 'fsync', 'shared_buffers', 'max_connections')"
        ).fetchone()
    return (
        f"Python {platform.python_version()}, Django {version('django')}, gunicorn {version('gunicorn')}, "
        f"psycopg {version('psycopg')}, PostgreSQL {server} ({settings_row[0] if settings_row else ''})"
    )


def _percent(cpu_seconds: float, wall: float) -> str:
    cores = os.cpu_count() or 1
    return f"{cpu_seconds:.1f} s ({100 * cpu_seconds / (wall * cores):.0f}%)"


def _cpu_per_ballot(run: Run) -> str:
    """Server, PostgreSQL and load CPU per ballot: less swayed by a busy machine than ballots per second."""
    if not run.ballots:
        return "—"
    per = {g: 1000 * run.cpu[g] / run.ballots for g in ("server", "postgres", "load")}
    return f"{sum(per.values()):.1f} ({per['server']:.1f} + {per['postgres']:.1f} + {per['load']:.1f})"


def markdown(runs: Sequence[Run], *, header: Sequence[str], checks: Sequence[str]) -> str:
    cores = os.cpu_count() or 1
    lines = [*header, ""]
    lines += [
        "| path | set-up | voters at once | ballots | ballots/s | p50 ms | p95 ms | p99 ms | errors | CPU: server | "
        "CPU: PostgreSQL | CPU: load | CPU: others on the machine |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        ours = run.cpu["server"] + run.cpu["postgres"] + run.cpu["load"]
        others = max(0.0, run.cpu["machine"] - ours)
        server = _percent(run.cpu["server"], run.seconds) if run.path == "HTTP" else "—"
        lines.append(
            f"| {run.path} | {run.note} | {run.concurrency} | {run.ballots:,} | {run.per_second:,.0f} | "
            f"{run.percentile(50):.1f} | "
            f"{run.percentile(95):.1f} | {run.percentile(99):.1f} | {sum(run.errors.values())} | {server} | "
            f"{_percent(run.cpu['postgres'], run.seconds)} | {_percent(run.cpu['load'], run.seconds)} | "
            f"{_percent(others, run.seconds)} |"
        )
    lines += [
        "",
        "| voters at once | HTTP ballots/s | PostgreSQL alone ballots/s | HTTP ÷ PostgreSQL alone | "
        "CPU ms per ballot, HTTP | CPU ms per ballot, PostgreSQL alone |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    by_key = {(r.path, r.concurrency): r for r in runs}
    for concurrency in sorted({r.concurrency for r in runs}):
        http_run, direct = by_key.get(("HTTP", concurrency)), by_key.get(("PostgreSQL alone", concurrency))
        if http_run and direct:
            lines.append(
                f"| {concurrency} | {http_run.per_second:,.0f} | {direct.per_second:,.0f} | "
                f"{http_run.per_second / direct.per_second:.2f} | {_cpu_per_ballot(http_run)} | "
                f"{_cpu_per_ballot(direct)} |"
            )
    lines += [
        "",
        f"CPU is seconds used over the run and, in brackets, the share of the machine's {cores} cores over "
        "the run's wall time. *Server* is gunicorn's master and workers; *PostgreSQL* its backends "
        "connected to the benchmark database and its background processes; *load* this script (the "
        "HTTP client threads, or the psycopg threads of the ceiling); *others* whatever else the "
        "machine ran meanwhile (other people's work on a shared machine), from /proc/stat. CPU ms per "
        "ballot is server + PostgreSQL + load.",
        "",
        "Checked afterwards in the database:",
        "",
        *[f"- {check}" for check in checks],
    ]
    for run in runs:
        if run.errors:
            listed = "; ".join(f"{count} of {what}" for what, count in run.errors.most_common(5))
            lines.append(f"- Errors, {run.path} at {run.concurrency}: {listed}")
    return "\n".join(lines) + "\n"


# --- Main ----------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 s runs, 1 s warm-ups and 10,000 voters")
    parser.add_argument("--seconds", type=float, default=None, help="length of each measured run (default 30)")
    parser.add_argument("--warm-up", type=float, default=None, help="seconds of warm-up before each run (default 5)")
    parser.add_argument("--voters", type=int, default=None, help="voters to create (default 50,000)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[50, 200], help="voters at once (50 200)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (default sync)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--ceiling-connections", type=int, default=50, help="most connections for the ceiling")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--database", default="bench_ballots", help="database to drop and create")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="Redis for the production cache")
    parser.add_argument("--skip", choices=["http", "ceiling"], default=None, help="leave one path out")
    parser.add_argument("--out", type=Path, default=REPOSITORY / "benchmarks" / "results" / "ballots.md")
    args = parser.parse_args(argv)
    seconds = args.seconds or (5.0 if args.quick else 30.0)
    warm_up = args.warm_up if args.warm_up is not None else (1.0 if args.quick else 5.0)
    voter_count = args.voters or (10_000 if args.quick else 50_000)

    database_url = database_recreate(args.server, args.database)
    data_dir = Path(tempfile.mkdtemp(prefix="bench-ballots-"))
    env = bench_environment(
        database_url=database_url,
        secret_key=secrets.token_urlsafe(64),
        data_dir=data_dir,
        redis_url=args.redis,
    )
    os.environ.update(env)
    say(f"migrating {database_url}")
    subprocess.run([str(BIN / "coopcouncil"), "migrate", "--no-input", "-v", "0"], env=env, check=True)  # noqa: S603
    django_start()
    from django.db import connection

    load_average = Path("/proc/loadavg").read_text().split()[:3]
    say(f"creating {voter_count:,} voters with sessions")
    began = time.perf_counter()
    officer, owner = officer_and_owner()
    voters = voters_create(voter_count)
    rounds: dict[tuple[str, int], BenchRound] = {}
    warm_ups: dict[tuple[str, int], BenchRound] = {}
    for path in ("http", "ceiling"):
        for concurrency in args.concurrency:
            warm_ups[(path, concurrency)] = round_open_for_votes(officer, owner, f"{path}-{concurrency}-warm-up")
            rounds[(path, concurrency)] = round_open_for_votes(officer, owner, f"{path}-{concurrency}")
    say(f"set up in {time.perf_counter() - began:.0f} s")
    connection.close()

    runs: list[Run] = []
    checks: list[str] = []

    def measure(
        path: str,
        caster: Callable[[BenchRound], Callable[[int], str | None]],
        concurrency: int,
        *,
        server_pid: int | None,
        note: str,
    ) -> None:
        key = "http" if path == "HTTP" else "ceiling"
        drive(
            caster(warm_ups[(key, concurrency)]),
            concurrency=concurrency,
            seconds=warm_up,
            voters=voter_count,
            sampler=None,
        )
        round = rounds[(key, concurrency)]
        sampler = CpuSampler(server_pid=server_pid, database=args.database)
        elapsed, outcome, cpu = drive(
            caster(round), concurrency=concurrency, seconds=seconds, voters=voter_count, sampler=sampler
        )
        if outcome.ran_out:
            note += f"; every voter had voted after {elapsed:.0f} s (make more with --voters)"
        run = Run(
            path,
            concurrency,
            elapsed,
            len(outcome.receipts),
            outcome.latencies,
            outcome.errors,
            cpu,
            note,
            receipts=outcome.receipts,
        )
        runs.append(run)
        shares = ", ".join(f"{group} {cpu[group]:.1f} s" for group in (*GROUPS, "machine"))
        say(
            f"{path} at {concurrency} ({note}): {run.per_second:.0f} ballots/s, p50 {run.percentile(50):.1f} ms, "
            f"p99 {run.percentile(99):.1f} ms, {sum(run.errors.values())} errors; CPU {shares}"
        )
        checks.append(f"{path} at {concurrency}: {verify(run, round)}")

    server = f"gunicorn, {args.workers} {args.worker_class} workers" + (
        f" of {args.threads} threads" if args.threads > 1 else ""
    )
    if args.skip != "http":
        port = free_port()
        log = data_dir / "gunicorn.log"
        with gunicorn(
            env, port=port, workers=args.workers, worker_class=args.worker_class, threads=args.threads, log=log
        ) as server_pid:
            voting = HttpVoting(port, voters)
            for concurrency in args.concurrency:
                measure("HTTP", voting.caster, concurrency, server_pid=server_pid, note=server)
    if args.skip != "ceiling":
        for concurrency in args.concurrency:
            direct = DirectVoting(database_url, voters, min(concurrency, args.ceiling_connections))
            connection.close()
            try:
                measure(
                    "PostgreSQL alone",
                    direct.caster,
                    concurrency,
                    server_pid=None,
                    note=f"{len(direct.opened)} connections",
                )
            finally:
                direct.close()

    header = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_description()}; load average before the "
        f"run {' '.join(load_average)} (a machine shared with other people's work: read the figures as "
        "relative, not absolute).",
        "",
        f"{versions(database_url)}. {server}, on the production settings (plain HTTP on 127.0.0.1), "
        f"the database, Redis, and this script all on the same machine. Each run: {seconds:.0f} s after a "
        f"{warm_up:.0f} s warm-up; every request a new signed-in voter ({voter_count:,} made) casting an "
        f"approval ballot for {CHOICES_PER_BALLOT} of {len(PROJECTS)} projects on a new connection. "
        "*PostgreSQL alone* writes the same rows (mark, ballot, choices, audit entry) with psycopg, one "
        f"transaction per ballot, over at most {args.ceiling_connections} connections shared by the threads.",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(runs, header=header, checks=checks), encoding="utf-8")
    say(f"wrote {args.out}")
    shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if any("mismatch" in check for check in checks) else 0


if __name__ == "__main__":
    raise SystemExit(main())
