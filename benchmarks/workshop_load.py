"""Workshop load: 30 participants posting cards and voting at once, a projector watching.

Starts gunicorn (2 sync workers, production settings) against a throw-away PostgreSQL
database like ``survey_load.py`` (whose server and client helpers it uses), creates an
organisation with a strategy and a vision workshop through the services, and lets:

- every participant's page ask every 3 s whether the phase changed (``/w/<token>/phase/``);
- the presenter view poll its live part (``…/present/live/``) every 2 s, as htmx does, with
  an editor's session, noting when each card first appears on it;
- simulated participants join through the join link as a phone would (the join page, its
  POST that sets the cookie), then each writes ``--cards`` cards (GET the page for the form's
  CSRF token and key, POST the card), with a short random pause between cards;
- after all cards are in, the facilitator's step (clusters, cards assigned, the vote phase)
  is done through the services, and every participant spends its votes (GET, then one POST
  per vote) plus one vote too many, which must be refused.

Prints the card and vote POST latencies (p50/p95/p99), how long each card took from its
POST's answer to the first poll that showed it (max must stay within 2 s plus one poll),
the poll's latency, the number of requests, errors, and checks: every card stored once and
shown, no participant over their votes, the vote count on the projector reaching the total.

The rate limit of anonymous writes is switched off for the run: all simulated phones come
from one address, far above what a real room sends (the default of 600 writes a minute per
address is meant for a room of 30 sharing the town hall's Wi-Fi).

Needs PostgreSQL (``BENCH_DATABASE_URL``, else a database ``kk_workshop_load_<pid>_<random>``
of its own at postgres@127.0.0.1, dropped at the end);
exits with 77 when it cannot be reached.

    python benchmarks/workshop_load.py [--participants 30] [--cards 4]
"""

import argparse
import asyncio
import datetime
import os
import random
import re
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import survey_load as base  # noqa: E402  (the server, the client, the environment)

# A database of its own per run: two runs at once must not drop each other's.
DATABASE_NAME = f"kk_workshop_load_{os.getpid()}_{secrets.token_hex(3)}"
SLUG, EMAIL = "workshop-load", "workshop-load@example.org"
POLL_SECONDS = 2.0
VOTES = 5
CLUSTERS = 6

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CLIENT_KEY = re.compile(rb'name="client_key" value="([^"]+)"')
CARD_ID = re.compile(rb'data-card="(\d+)"')
VOTES_CAST = re.compile(rb"(\d+) (?:of|von) (\d+)")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--cards", type=int, default=4, help="cards each participant writes")
    arguments = parser.parse_args()
    if arguments.participants <= 0 or arguments.cards <= 0:
        parser.error("--participants and --cards must be positive")
    return arguments


def database_url() -> tuple[str, bool]:
    given = os.environ.get("BENCH_DATABASE_URL", "")
    if given:
        if not given.startswith(("postgres://", "postgresql://")):
            print("skipped: the workshop load needs PostgreSQL, BENCH_DATABASE_URL is another")
            sys.exit(base.SKIP)
        return given, False
    server = urlsplit(base.DEFAULT_SERVER)
    return server._replace(path=f"/{DATABASE_NAME}").geturl(), True


# Setting up and the facilitator's step (through the services, in this process) -------------


def remove_workshop() -> None:
    from kommunalkompass.accounts.models import User
    from kommunalkompass.organisations.models import Organisation

    Organisation.objects.filter(slug=SLUG).delete()
    User.objects.filter(email=EMAIL).delete()


def create_workshop() -> tuple[int, str, str]:
    """The workshop's id, its join link and an editor's session key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from kommunalkompass.accounts.models import User
    from kommunalkompass.organisations.models import Membership, Role
    from kommunalkompass.organisations.services import organisation_create
    from kommunalkompass.strategy import services

    remove_workshop()
    owner = User.objects.create_user("owner-" + EMAIL, secrets.token_urlsafe(16))
    organisation = organisation_create(
        creator=owner, name="Lastdorf", kind="gemeinde", state="03", slug=SLUG
    )
    # An editor watches the projector (no second factor is asked of editors).
    user = User.objects.create_user(EMAIL, secrets.token_urlsafe(16))
    Membership.objects.create(organisation=organisation, user=user, role=Role.EDITOR)
    strategy = services.strategy_create(
        actor=user, organisation=organisation, title="Digital 2031", start_year=2027
    )
    workshop = services.workshop_create(
        actor=user, strategy=strategy, title="Last", held_on=datetime.date(2027, 3, 1),
        question="Wie arbeitet unsere Verwaltung 2030?", votes_per_participant=VOTES,
    )  # fmt: skip
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return workshop.pk, f"/w/{workshop.token}/", session.session_key


def open_the_vote(workshop_id: int) -> None:
    """The facilitator's step between the rounds: clusters, every card in one, vote phase."""
    from kommunalkompass.strategy import services
    from kommunalkompass.strategy.models import Workshop

    workshop = Workshop.objects.get(pk=workshop_id)
    services.workshop_set_phase(actor=None, workshop=workshop, phase="cluster")
    clusters = [
        services.cluster_create(actor=None, workshop=workshop, name=f"Cluster {n + 1}")
        for n in range(CLUSTERS)
    ]
    for index, card in enumerate(workshop.cards.order_by("id")):
        services.card_assign(actor=None, card=card, cluster=clusters[index % CLUSTERS])
    services.workshop_set_phase(actor=None, workshop=workshop, phase="vote")


def stored_state(workshop_id: int) -> dict:
    from django.db.models import Count

    from kommunalkompass.strategy.models import WorkshopCard, WorkshopCluster, WorkshopVote

    per_participant = (
        WorkshopVote.objects.filter(workshop_id=workshop_id)
        .values("participant")
        .annotate(n=Count("id"))
    )
    return {
        "cards": WorkshopCard.objects.filter(workshop_id=workshop_id).count(),
        "texts": set(
            WorkshopCard.objects.filter(workshop_id=workshop_id).values_list("text", flat=True)
        ),
        "votes": WorkshopVote.objects.filter(workshop_id=workshop_id).count(),
        "most_votes": max((row["n"] for row in per_participant), default=0),
        "clusters": list(
            WorkshopCluster.objects.filter(workshop_id=workshop_id).values_list("pk", flat=True)
        ),
    }


# The simulated people -----------------------------------------------------------------------


class Run:
    def __init__(self) -> None:
        self.card_ms: list[float] = []
        self.vote_ms: list[float] = []
        self.poll_ms: list[float] = []
        self.posted_at: dict[str, float] = {}  # card text → when its POST was answered
        self.shown_at: dict[str, float] = {}  # card text → first poll that showed it
        self.requests = 0
        self.errors: list[str] = []
        self.refused_extra = 0
        self.projected_votes = 0
        self.stop_polling = False

    def error(self, text: str) -> None:
        self.errors.append(text)


async def call(run: Run, port, method, path, cookies=None, form=None, expect=200):
    status, headers, body = await asyncio.wait_for(
        base.request(port, method, path, cookies, form), base.REQUEST_TIMEOUT
    )
    run.requests += 1
    if status != expect:
        raise base.Failure(f"{method} {path}: {status}, expected {expect}")
    return headers, body


async def presenter(run: Run, port: int, live: str, session: str):
    """Poll the live part every 2 s like htmx; note when each card first shows."""
    cookies = {"sessionid": session}
    while not run.stop_polling:
        begun = time.perf_counter()
        try:
            _headers, body = await call(run, port, "GET", live, cookies)
        except (base.Failure, OSError, TimeoutError) as error:
            run.error(f"poll: {error}")
        else:
            answered = time.perf_counter()
            run.poll_ms.append((answered - begun) * 1000)
            for text in re.findall(rb'class="workshop-card" data-card="\d+">([^<]*)<', body):
                run.shown_at.setdefault(text.decode().replace("&#x27;", "'"), answered)
            counted = VOTES_CAST.search(body)
            if counted:
                run.projected_votes = int(counted.group(1))
        await asyncio.sleep(max(0.0, POLL_SECONDS - (time.perf_counter() - begun)))


async def phase_watch(run: Run, port: int, link: str, n: int, phase: dict) -> None:
    """Each participant's page asks every 3 s whether the phase changed (as htmx does);
    ``phase`` is shared: the phase the pages show and a counter of the facilitator's moves
    (a 200 while the facilitator moves on is the page's reload, not an error)."""
    rng = random.Random(2000 + n)
    await asyncio.sleep(rng.uniform(0, 3))
    while not run.stop_polling:
        moves = phase["moves"]
        try:
            await call(run, port, "GET", f"{link}phase/?phase={phase['now']}", expect=204)
        except (base.Failure, OSError, TimeoutError) as error:
            if moves == phase["moves"] and not phase["moving"]:
                run.error(f"phase watch: {error}")
        await asyncio.sleep(3)


async def participant(run: Run, port: int, link: str, n: int, cards: int, joined: dict):
    rng = random.Random(n)
    await asyncio.sleep(rng.uniform(0, 1))
    headers, body = await call(run, port, "GET", link)
    cookies = dict(headers[b"cookies"])
    csrf = CSRF_FIELD.search(body).group(1).decode()
    headers, _ = await call(
        run, port, "POST", link, cookies, {"csrfmiddlewaretoken": csrf}, expect=302
    )
    cookies.update(headers[b"cookies"])
    if "kk_workshop" not in cookies:
        raise base.Failure("joined without the participant's cookie")
    joined[n] = cookies
    for number in range(cards):
        _headers, body = await call(run, port, "GET", link, cookies)
        key = CLIENT_KEY.search(body).group(1).decode()
        csrf = CSRF_FIELD.search(body).group(1).decode()
        text = f"Idee {n}-{number}: {secrets.token_hex(4)}"
        form = {"csrfmiddlewaretoken": csrf, "text": text, "client_key": key}
        begun = time.perf_counter()
        await call(run, port, "POST", f"{link}cards/", cookies, form, expect=302)
        answered = time.perf_counter()
        run.card_ms.append((answered - begun) * 1000)
        run.posted_at[text] = answered
        await asyncio.sleep(rng.uniform(0.2, 1.0))


async def voter(run: Run, port: int, link: str, n: int, cookies: dict, clusters: list[int]):
    rng = random.Random(1000 + n)
    await asyncio.sleep(rng.uniform(0, 0.5))
    _headers, body = await call(run, port, "GET", link, cookies)
    csrf = CSRF_FIELD.search(body).group(1).decode()
    for number in range(VOTES + 1):
        form = {"csrfmiddlewaretoken": csrf, "target": f"cluster:{rng.choice(clusters)}"}
        begun = time.perf_counter()
        if number < VOTES:
            await call(run, port, "POST", f"{link}vote/", cookies, form, expect=302)
            run.vote_ms.append((time.perf_counter() - begun) * 1000)
        else:  # one too many: refused with a message, nothing stored
            await call(run, port, "POST", f"{link}vote/", cookies, form, expect=400)
            run.refused_extra += 1
        await asyncio.sleep(rng.uniform(0.1, 0.5))


async def guarded(run: Run, coroutine) -> None:
    try:
        await coroutine
    except (base.Failure, OSError, TimeoutError, AttributeError) as error:
        run.error(f"{type(error).__name__}: {error}")


async def the_session(run, port, link, live, session, workshop_id, arguments) -> None:
    poller = asyncio.create_task(presenter(run, port, live, session))
    phase = {"now": "collect", "moves": 0, "moving": False}
    watchers = [
        asyncio.create_task(phase_watch(run, port, link, n, phase))
        for n in range(arguments.participants)
    ]
    joined: dict[int, dict] = {}
    begun = time.perf_counter()
    await asyncio.gather(
        *(
            guarded(run, participant(run, port, link, n, arguments.cards, joined))
            for n in range(arguments.participants)
        )
    )
    collect_seconds = time.perf_counter() - begun
    await asyncio.sleep(POLL_SECONDS + 1)  # the last cards reach the projector
    phase["moving"] = True
    await asyncio.to_thread(open_the_vote, workshop_id)
    phase.update(now="vote", moves=phase["moves"] + 1)
    await asyncio.sleep(0.5)  # requests sent before the move have been answered
    phase["moving"] = False
    clusters = (await asyncio.to_thread(stored_state, workshop_id))["clusters"]
    begun = time.perf_counter()
    await asyncio.gather(
        *(
            guarded(run, voter(run, port, link, n, cookies, clusters))
            for n, cookies in joined.items()
        )
    )
    vote_seconds = time.perf_counter() - begun
    await asyncio.sleep(POLL_SECONDS + 1)
    run.stop_polling = True
    await poller
    await asyncio.gather(*watchers, return_exceptions=True)
    run.collect_seconds, run.vote_seconds = collect_seconds, vote_seconds


def report(arguments, run: Run, state: dict) -> None:
    p = base.percentile
    expected_cards = arguments.participants * arguments.cards
    delays = [run.shown_at[t] - at for t, at in run.posted_at.items() if t in run.shown_at]
    missing = [t for t in run.posted_at if t not in run.shown_at]
    print(
        f"gunicorn 2 sync workers, PostgreSQL, {arguments.participants} participants × "
        f"{arguments.cards} cards, {VOTES} votes each (+1 refused); {os.cpu_count()} CPU cores "
        "shared with this client; presenter polling every 2 s"
    )
    print(
        f"collect round: {run.collect_seconds:.1f} s, {len(run.card_ms)} cards posted; "
        f"card POST p50 {p(run.card_ms, 0.5):.0f} ms, p95 {p(run.card_ms, 0.95):.0f} ms, "
        f"p99 {p(run.card_ms, 0.99):.0f} ms"
    )
    print(
        f"vote round: {run.vote_seconds:.1f} s, {len(run.vote_ms)} votes; vote POST p50 "
        f"{p(run.vote_ms, 0.5):.0f} ms, p95 {p(run.vote_ms, 0.95):.0f} ms, "
        f"p99 {p(run.vote_ms, 0.99):.0f} ms"
    )
    print(
        f"presenter poll: {len(run.poll_ms)} polls, p50 {p(run.poll_ms, 0.5):.0f} ms, "
        f"max {max(run.poll_ms, default=float('nan')):.0f} ms"
    )
    if delays:
        print(
            f"card POST answered → first shown on the projector: p50 {p(delays, 0.5):.2f} s, "
            f"p95 {p(delays, 0.95):.2f} s, max {max(delays):.2f} s"
        )
    print(f"requests: {run.requests}; errors: {len(run.errors)}")
    for text in run.errors[:5]:
        print(f"  - {text}")
    targets = [
        ("no errors", not run.errors),
        (
            f"every card stored once ({state['cards']} of {expected_cards})",
            state["cards"] == expected_cards and set(run.posted_at) == state["texts"],
        ),
        (f"every card shown on the projector ({len(missing)} missing)", not missing),
        (
            "every card shown within two seconds (plus the poll's own answer)",
            bool(delays) and max(delays) <= POLL_SECONDS + max(run.poll_ms) / 1000,
        ),
        (
            f"no participant over {VOTES} votes (most: {state['most_votes']}), "
            f"{run.refused_extra} extra votes refused",
            state["most_votes"] <= VOTES and run.refused_extra == len(run.vote_ms) // VOTES,
        ),
        (
            f"the projector counted every vote ({run.projected_votes} of {state['votes']})",
            run.projected_votes == state["votes"] == arguments.participants * VOTES,
        ),
    ]
    for name, met in targets:
        print(f"target {name}: {'met' if met else 'missed'}")


def main() -> None:
    arguments = parse_arguments()
    url, own_database = database_url()
    if not base.server_reachable(url):
        print("skipped: PostgreSQL is not reachable", flush=True)
        sys.exit(base.SKIP)
    static_root = tempfile.mkdtemp(prefix="kompass-workshop-load-")
    log = Path(static_root) / "gunicorn.log"
    base.prepare_environment(url, str(Path(static_root) / "static"))
    os.environ["RATE_LIMIT_WORKSHOP_WRITE"] = "off"
    if own_database:
        base.maintenance(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        base.maintenance(f'CREATE DATABASE "{DATABASE_NAME}"')
    server = None
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        workshop_id, link, session = create_workshop()
        from django.db import connections

        connections.close_all()
        port = base.free_port()
        server = base.start_server(port, log)
        base.wait_until_healthy(port, server, log)
        live = f"/o/{SLUG}/strategy/workshops/{workshop_id}/present/live/"
        run = Run()
        sample, wall = base.CpuSample.take(server.pid), time.perf_counter()
        asyncio.run(the_session(run, port, link, live, session, workshop_id, arguments))
        workers, postgres, machine = base.CpuSample.take(server.pid).seconds_since(sample)
        wall = time.perf_counter() - wall
        report(arguments, run, stored_state(workshop_id))
        print(
            f"gunicorn workers' CPU: {1000 * workers / max(run.requests, 1):.1f} ms per request; "
            f"cores busy: workers {workers / wall:.2f}, PostgreSQL {postgres / wall:.2f}, "
            f"whole machine {machine / wall:.2f} of {os.cpu_count()} "
            f"(load average at the end: {os.getloadavg()[0]:.1f})"
        )
    finally:
        if server is not None:
            base.stop_server(server)
        if own_database:
            from django.db import connections

            connections.close_all()
            base.maintenance(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        elif "django.db" in sys.modules:
            remove_workshop()
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
