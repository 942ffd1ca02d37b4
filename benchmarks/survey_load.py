"""Survey load: respondents answering the Quick-Check on a real server.

Starts gunicorn (sync workers, one per CPU core by default, as docs/operations.md recommends
when PostgreSQL shares the machine's cores: measured below, more workers only take turns on
the same cores and each request costs more; production settings: DEBUG off, a secret key
made for this run, manifest static files) on a free port of 127.0.0.1 against a throw-away
PostgreSQL database, creates an organisation with an open Quick-Check (``quick-1.0``, 24
questions for the group "leaders") through the services, and lets simulated respondents go
through the open link as a browser does: the link (the intro page), starting (its POST,
which sets the resume cookie), each of the eight dimension pages (a POST with the form's
CSRF token and the cookies), the submit, the thank-you page. With JavaScript (the default)
the survey's forms are sent by htmx and each POST is answered by the next page: 10
requests per Quick-Check; ``--no-javascript`` follows each redirect with a GET: 20. Each
respondent has an address of their own (``X-Forwarded-For`` from 127.0.0.1, the trusted
proxy), as people answer from their own devices, so the rate limits per address apply to
people, not to the benchmark. A survey counts only when the thank-you page came back;
anything else is an error.

Two ways to load the server:

- closed loop (default): ``--concurrency`` respondents at once, each starting the next
  survey as soon as one is done; prints completed Quick-Checks per second;
- open loop (``--rate 20``): a new respondent every 1/rate seconds, whether or not earlier
  ones are done (a link sent to a whole state at once); prints the rate achieved.

Both print p50/p95/p99 of the submit request (the POST of the last page), errors, the
gunicorn workers' CPU per Quick-Check and per request, and the survey's request rate as a
ratio of a trivial page (``/healthz``) measured with the same concurrency on the same server
in the same run, for a third of the time, before the survey load (which counts after 5 s
of warm-up); the targets (submit p95 < 100 ms, at most 44 ms of worker CPU per
Quick-Check) beside them. Respondents do not pause between pages. The client (one thread,
asyncio, raw HTTP/1.1) shares the machine's cores with the server; the output shows the CPU
each of them, PostgreSQL and other processes took. The CPU per Quick-Check depends least on
other load; on a machine shared with other work it still rises (caches, frequency).

Needs PostgreSQL: ``BENCH_DATABASE_URL`` (an existing database, left without this run's
data), else a database ``kk_survey_load_<pid>_<random>`` of its own created at
postgres@127.0.0.1:5432 and dropped afterwards (two runs at once do not collide). Exits
with 77 when PostgreSQL cannot be reached (``run.py`` reports a skip), with another non-zero
code when the benchmark cannot run; a missed target is no failure.

    python benchmarks/survey_load.py [--duration 30] [--concurrency 50] [--rate 20]
        [--workers N] [--no-javascript]
"""

import argparse
import asyncio
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SKIP = 77  # "skipped", as automake's test drivers count it
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
# A database of its own per run (process id and a random suffix), so that two runs at once
# never drop each other's database.
DATABASE_NAME = f"kk_survey_load_{os.getpid()}_{secrets.token_hex(3)}"
SLUG, EMAIL = "survey-load", "survey-load@example.org"
MODEL = "quick-1.0"
QUESTIONS = 24
PAGES = 8
TARGET_SUBMIT_P95_MS = 100
TARGET_SURVEYS_PER_SECOND = 21
TARGET_WORKER_CPU_MS = 44  # gunicorn workers' CPU per completed Quick-Check
# How the simulated browser sends the survey's forms (set from --no-javascript).
BROWSER = {"javascript": True}
OPEN_LOOP_BACKLOG = 2000  # respondents under way at most in the open loop; later ones fail
REQUEST_TIMEOUT = 30

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
RADIO = re.compile(rb'<input type="radio"\s+name="([^"]+)"')


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=30, help="seconds of survey load")
    parser.add_argument(
        "--concurrency", type=int, default=50, help="respondents at once (closed loop)"
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="open loop: new respondents per second, whether or not earlier ones are done",
    )
    parser.add_argument(
        "--no-javascript",
        action="store_true",
        help="a browser without JavaScript: each saved part answered by a redirect and a GET",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="gunicorn sync workers (default: one per CPU core)",
    )
    arguments = parser.parse_args()
    if arguments.duration <= 0 or arguments.concurrency <= 0 or arguments.workers <= 0:
        parser.error("--duration, --concurrency and --workers must be positive")
    if arguments.rate < 0:
        parser.error("--rate must be positive (or 0 for the closed loop)")
    return arguments


# The database ---------------------------------------------------------------------------


def database_url() -> tuple[str, bool]:
    """The database to use and whether this run creates (and drops) it."""
    given = os.environ.get("BENCH_DATABASE_URL", "")
    if given:
        if not given.startswith(("postgres://", "postgresql://")):
            print("skipped: the survey load needs PostgreSQL, BENCH_DATABASE_URL is another")
            sys.exit(SKIP)
        return given, False
    server = urlsplit(DEFAULT_SERVER)
    return server._replace(path=f"/{DATABASE_NAME}").geturl(), True


def server_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), 2):
            return True
    except OSError:
        return False


def maintenance(statement: str) -> None:
    """Run CREATE/DROP DATABASE on the server's ``postgres`` database."""
    import psycopg

    with psycopg.connect(
        DEFAULT_SERVER.replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        c.execute(statement)


# The server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rule(workers: int) -> str:
    """Says which rule ``workers`` follows on this machine."""
    cores = os.cpu_count() or 1
    if workers == cores:
        return " (one per core)"
    return " (2 × cores + 1, gunicorn's rule)" if workers == 2 * cores + 1 else " (--workers)"


def start_server(port: int, log: Path, workers: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "kommunalkompass.config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--graceful-timeout",
        "5",
        "--no-control-socket",
        "--error-logfile",
        str(log),
    ]
    return subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())  # noqa: S603


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_healthy(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            status, _headers, body = asyncio.run(request(port, "GET", "/healthz"))
            if status == 200 and b'"ok"' in body:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer /healthz within 60 s:\n{log.read_text()[-3000:]}")


# The client: raw HTTP/1.1 on asyncio streams, one connection per request ---------------
# Two cores are shared by the client, two gunicorn workers and PostgreSQL, so the client
# is kept to one thread and the least parsing a browser's work needs.


async def request(
    port: int,
    method: str,
    path: str,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    address: str = "",
    htmx: bool = False,
) -> tuple[int, dict[bytes, bytes], bytes]:
    """One request; the headers come back by lower-case name, the cookies set under
    ``b"cookies"`` as a ``{name: value}`` dict. ``address``: the client address a reverse
    proxy would report (``X-Forwarded-For``; the server trusts 127.0.0.1 as its proxy)."""
    body = urlencode(form).encode() if form is not None else b""
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Connection: close",
        "Accept: text/html",
        "Accept-Language: de",
    ]
    if address:
        lines.append(f"X-Forwarded-For: {address}")
    if htmx:  # a form sent by htmx (hx-boost), as the survey's pages do in a browser
        lines += [
            "HX-Request: true",
            "HX-Boosted: true",
            f"HX-Current-URL: http://127.0.0.1:{port}{path}",
        ]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in cookies.items()))
    if form is not None:
        lines += [
            f"Origin: http://127.0.0.1:{port}",
            "Content-Type: application/x-www-form-urlencoded",
            f"Content-Length: {len(body)}",
        ]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        raw = await reader.read()
    finally:
        writer.close()
    head, _separator, content = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.split(b"\r\n")
    headers: dict = {b"cookies": {}}
    for line in header_lines:
        name, _colon, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"set-cookie":
            pair = value.strip().split(b";")[0]
            cookie_name, _equals, cookie_value = pair.partition(b"=")
            headers[b"cookies"][cookie_name.decode()] = cookie_value.decode()
            continue
        headers[name] = value.strip()
    if headers.get(b"transfer-encoding") == b"chunked":
        content = dechunk(content)
    return int(status_line.split()[1]), headers, content


def dechunk(data: bytes) -> bytes:
    out, position = bytearray(), 0
    while True:
        end = data.index(b"\r\n", position)
        size = int(data[position:end].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += data[end + 2 : end + 2 + size]
        position = end + 4 + size


class Failure(Exception):
    pass


class Stopped(Exception):
    """The load is over; raised between requests, since a cancellation that arrives just as
    ``asyncio.wait_for`` finishes can be lost (Python 3.11)."""


class Tally:
    """What the workers achieved; requests and surveys count only inside the window."""

    def __init__(self) -> None:
        self.counting = False
        self.stopped = False
        self.completed = 0
        self.requests = 0
        self.errors = 0
        self.reasons: list[str] = []
        self.submit_ms: list[float] = []
        self.arrived = 0  # respondents started (numbers their client addresses)
        self.in_flight_max = 0  # open loop: most respondents under way at once

    def error(self, reason: str) -> None:
        self.errors += 1
        if len(self.reasons) < 5:
            self.reasons.append(reason)


def location(headers: dict[bytes, bytes]) -> str:
    target = headers.get(b"location", b"").decode()
    return urlsplit(target).path if target.startswith("http") else target


def respondent_address(number: int) -> str:
    """A client address of its own for every respondent: people answer from their own
    devices, so the rate limits per address (``RATE_LIMITS``) do not add up over them."""
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


def pushed(headers: dict[bytes, bytes]) -> str:
    """The address htmx puts into the address bar (``HX-Push-Url``)."""
    return headers.get(b"hx-push-url", b"").decode()


async def survey(
    port: int, link: str, thanks: bytes, tally: Tally, rng: random.Random, address: str = ""
) -> None:
    """One respondent from the open link to the thank-you page: with JavaScript (as
    browsers run the survey: its forms are sent by htmx, and the answer to a saved part is
    the next part), or, with ``--no-javascript``, following each redirect with a GET."""
    javascript = BROWSER["javascript"]

    async def call(method, path, cookies=None, form=None, expect=200):
        if tally.stopped:
            raise Stopped
        status, headers, body = await asyncio.wait_for(
            request(port, method, path, cookies, form, address, htmx=javascript and bool(form)),
            REQUEST_TIMEOUT,
        )
        if status != expect:
            raise Failure(f"{method} {path}: {status}, expected {expect}")
        tally.requests += tally.counting
        return headers, body

    async def send(path, cookies, form):
        """POST a form; the next page's address and, with JavaScript, its content."""
        if javascript:
            headers, body = await call("POST", path, cookies, form)
            return headers, pushed(headers), body
        headers, _ = await call("POST", path, cookies, form, expect=302)
        return headers, location(headers), b""

    start = link
    headers, body = await call("GET", start)
    cookies = dict(headers[b"cookies"])
    token = CSRF_FIELD.search(body)
    if "csrftoken" not in cookies or token is None:
        raise Failure(f"GET {start}: no CSRF cookie or token on the intro page")
    csrf = token.group(1).decode()
    headers, page, body = await send(
        start, cookies, {"csrfmiddlewaretoken": csrf, "action": "start"}
    )
    if "survey_resume" not in headers[b"cookies"]:
        raise Failure(f"POST {start}: no resume cookie")
    cookies.update(headers[b"cookies"])
    answered = 0
    submit_ms = 0.0
    for number in range(1, PAGES + 1):
        if page != f"{start}{number}/":
            raise Failure(f"after part {number - 1}: sent to {page!r}, not to part {number}")
        if not javascript:
            _, body = await call("GET", page, cookies)
        keys = dict.fromkeys(RADIO.findall(body))
        answered += len(keys)
        form = {"csrfmiddlewaretoken": csrf, "action": "next"}
        for key in keys:
            form[key.decode()] = rng.choice(("1", "2", "3", "4", "5", "dontknow"))
        begun = time.perf_counter()
        headers, page, body = await send(page, cookies, form)
        cookies.update(headers[b"cookies"])
        if number == PAGES:
            submit_ms = (time.perf_counter() - begun) * 1000
    if answered != QUESTIONS:
        raise Failure(f"{answered} questions on the {PAGES} parts, expected {QUESTIONS}")
    if page != f"{start}done/":
        raise Failure(f"after the last part: sent to {page!r}, not to the thank-you page")
    if not javascript:
        _, body = await call("GET", page, cookies)
    if thanks not in body:
        raise Failure(f"{page}: not the thank-you page")
    if tally.counting:
        tally.completed += 1
        tally.submit_ms.append(submit_ms)


FAILURES = (Failure, OSError, TimeoutError, ValueError, IndexError)


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else repr(error)


async def respondent(port, link, thanks, tally, seed) -> None:
    """Closed loop: one person after another at the same device, without a pause."""
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 1))  # people do not all start in the same second
    while not tally.stopped:
        tally.arrived += 1
        try:
            await survey(port, link, thanks, tally, rng, respondent_address(tally.arrived))
        except Stopped:
            return
        except FAILURES as error:
            tally.error(describe(error))


async def arrivals(port, link, thanks, tally, rate: float) -> None:
    """Open loop: a new respondent every 1/rate seconds, whether or not the earlier ones
    are done, as when a survey link goes out to a whole state at once."""
    running: set[asyncio.Task] = set()

    async def one(number: int) -> None:
        try:
            await survey(
                port, link, thanks, tally, random.Random(number), respondent_address(number)
            )
        except Stopped:
            return
        except FAILURES as error:
            tally.error(describe(error))

    begun, slot = time.perf_counter(), 0
    while not tally.stopped:
        slot += 1
        if len(running) >= OPEN_LOOP_BACKLOG:
            tally.error(f"more than {OPEN_LOOP_BACKLOG} respondents under way: not started")
        else:
            tally.arrived += 1
            task = asyncio.create_task(one(tally.arrived))
            running.add(task)
            task.add_done_callback(running.discard)
        if tally.counting:
            tally.in_flight_max = max(tally.in_flight_max, len(running))
        # Fixed arrival times (not a sleep after each start), so that a slow event loop
        # does not lower the rate.
        await asyncio.sleep(max(0, begun + slot / rate - time.perf_counter()))
    await asyncio.gather(*running, return_exceptions=True)


async def trivial(port: int, tally: Tally) -> None:
    while not tally.stopped:
        try:
            status, _headers, body = await asyncio.wait_for(
                request(port, "GET", "/healthz"), REQUEST_TIMEOUT
            )
        except (OSError, TimeoutError, ValueError, IndexError) as error:
            tally.error(repr(error))
            continue
        if status == 200 and b'"ok"' in body:
            tally.requests += tally.counting
        else:
            tally.error(f"GET /healthz: {status}")


@dataclass
class CpuSample:
    """Clock ticks used so far by gunicorn's workers and by PostgreSQL (per process), and by
    the whole machine; empty where there is no /proc."""

    workers: dict[int, int]
    postgres: dict[int, int]
    machine: int

    @classmethod
    def take(cls, master: int) -> "CpuSample":
        workers, postgres = {}, {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
                name, fields = text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")")[-1]
                fields = fields.split()
                ticks = int(fields[11]) + int(fields[12])
            except (OSError, ValueError, IndexError):
                continue
            if int(fields[1]) == master:
                workers[int(stat.parent.name)] = ticks
            elif name == "postgres":
                postgres[int(stat.parent.name)] = ticks
        try:
            machine = [int(value) for value in Path("/proc/stat").read_text().split()[1:11]]
            busy = sum(machine) - machine[3] - machine[4]  # all but idle and I/O wait
        except (OSError, ValueError, IndexError):
            busy = 0
        return cls(workers, postgres, busy)

    def seconds_since(self, earlier: "CpuSample") -> tuple[float, float, float]:
        """CPU seconds of the workers, of PostgreSQL and of the machine since ``earlier``."""
        tick = os.sysconf("SC_CLK_TCK")

        def used(now: dict[int, int], before: dict[int, int]) -> float:
            return sum(ticks - before.get(pid, 0) for pid, ticks in now.items()) / tick

        return (
            used(self.workers, earlier.workers),
            used(self.postgres, earlier.postgres),
            (self.machine - earlier.machine) / tick,
        )


@dataclass
class Window:
    """One measured stretch of load: what it achieved and the CPU seconds it took."""

    tally: Tally
    wall: float
    client_cpu: float
    workers_cpu: float
    postgres_cpu: float
    machine_cpu: float


async def load(make_worker, concurrency: int, warm_up: float, duration: float, master: int):
    """Run ``concurrency`` workers; count what ends in the ``duration`` after ``warm_up``, so
    that the surveys are spread over their pages when counting starts and the ones still
    running at the end are not missed."""
    tally = Tally()
    tasks = [asyncio.create_task(make_worker(tally, n)) for n in range(concurrency)]
    await asyncio.sleep(warm_up)
    tally.counting = True
    client, sample, begun = time.process_time(), CpuSample.take(master), time.perf_counter()
    await asyncio.sleep(duration)
    tally.counting = False
    wall, client = time.perf_counter() - begun, time.process_time() - client
    workers, postgres, machine = CpuSample.take(master).seconds_since(sample)
    tally.stopped = True
    await asyncio.gather(*tasks, return_exceptions=True)  # each ends after its current request
    return Window(tally, wall, client, workers, postgres, machine)


# The run --------------------------------------------------------------------------------


def prepare_environment(url: str, static_root: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain http on localhost: no redirect to https. (The session and CSRF cookies
            # keep their Secure flag, which settings.py sets without a variable; this
            # client sends them back anyway.)
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": static_root,
            "LOG_LEVEL": "WARNING",
            # The client plays the reverse proxy: X-Forwarded-For names each respondent's
            # own address (respondent_address), as people answer from their own devices.
            "TRUSTED_PROXIES": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "kommunalkompass.config.settings",
        }
    )
    os.environ.pop("PYTEST_VERSION", None)


def remove_survey() -> None:
    """This benchmark's organisation and user, with everything that belongs to them."""
    from kommunalkompass.accounts.models import User
    from kommunalkompass.organisations.models import Organisation

    Organisation.objects.filter(slug=SLUG).delete()
    User.objects.filter(email=EMAIL).delete()


def create_survey() -> tuple[str, bytes]:
    """An organisation with an open Quick-Check; returns the leaders' open link and the
    thank-you page's heading as the server renders it in German."""
    from django.utils import translation

    from kommunalkompass.accounts.models import User
    from kommunalkompass.assessments import services
    from kommunalkompass.organisations.services import organisation_create

    remove_survey()  # what a broken earlier run left
    user = User.objects.create_user(EMAIL, secrets.token_urlsafe(16))
    organisation = organisation_create(
        creator=user, name="Lastdorf", kind="gemeinde", state="03", slug=SLUG
    )
    assessment = services.assessment_create(
        actor=user,
        organisation=organisation,
        title="Quick-Check unter Last",
        model_ident=MODEL,
        groups=["leaders", "staff", "it"],
    )
    tokens = services.assessment_open(actor=user, assessment=assessment)
    assert tokens["leaders"] == services.open_link_token(assessment, "leaders")
    with translation.override("de"):
        thanks = translation.gettext("Thank you for your answers")
    return f"/s/{tokens['leaders']}/", thanks.encode()


def percentile(samples: list[float], share: float) -> float:
    if len(samples) < 2:
        return samples[0] if samples else float("nan")
    return statistics.quantiles(samples, n=100, method="inclusive")[round(share * 100) - 1]


def requests_per_survey() -> int:
    """Intro GET, start POST, the parts and the thank-you page: with JavaScript each POST is
    answered by the next page; without, by a redirect the browser follows with a GET."""
    return 2 + PAGES if BROWSER["javascript"] else 3 + 2 * PAGES + 1


def report(arguments, surveys: Window, trivial: Window) -> None:
    per_survey = requests_per_survey()
    done, requests = surveys.tally.completed, surveys.tally.requests
    surveys_per_second = done / surveys.wall
    requests_per_second = requests / surveys.wall
    trivial_per_second = trivial.tally.requests / trivial.wall
    ratio = requests_per_second / trivial_per_second if trivial_per_second else float("nan")
    p50, p95, p99 = (percentile(surveys.tally.submit_ms, share) for share in (0.50, 0.95, 0.99))
    errors = surveys.tally.errors + trivial.tally.errors
    cpu_per_survey = 1000 * surveys.workers_cpu / max(done, 1)
    if arguments.rate:
        print(
            f"OPEN LOOP: {arguments.rate:g} new respondents/s, gunicorn {arguments.workers} sync "
            f"workers{_rule(arguments.workers)}, PostgreSQL, {surveys.wall:.0f} s, no think time; "
            f"{os.cpu_count()} CPU cores shared with this client"
        )
        print(
            f"achieved: {done} completed Quick-Checks = {surveys_per_second:.1f}/s "
            f"(offered {arguments.rate:g}/s); at most {surveys.tally.in_flight_max} "
            "respondents under way at once"
        )
    else:
        print(
            f"CLOSED LOOP: gunicorn {arguments.workers} sync workers{_rule(arguments.workers)}, "
            "PostgreSQL, "
            f"{arguments.concurrency} respondents, {surveys.wall:.0f} s, no think time; "
            f"{os.cpu_count()} CPU cores shared with this client"
        )
        print(f"completed Quick-Checks: {done} = {surveys_per_second:.1f}/s")
    print(
        f"survey requests: {requests} = {requests_per_second:.0f}/s ({per_survey} per Quick-Check, "
        + ("a browser with JavaScript" if BROWSER["javascript"] else "a browser without JavaScript")
        + ")"
    )
    print(
        f"submit request: p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms "
        f"(target: p95 < {TARGET_SUBMIT_P95_MS} ms)"
    )
    print(f"errors: {errors} (survey {surveys.tally.errors}, trivial page {trivial.tally.errors})")
    for reason in surveys.tally.reasons + trivial.tally.reasons:
        print(f"  - {reason}")
    print(f"trivial page /healthz: {trivial_per_second:.0f} requests/s ({trivial.wall:.0f} s)")
    print(f"ratio survey requests/s / trivial requests/s: {ratio:.2f}")
    if requests and trivial.tally.requests and surveys.workers_cpu:
        survey_ms = 1000 * surveys.workers_cpu / requests
        trivial_ms = 1000 * trivial.workers_cpu / trivial.tally.requests
        print(
            f"gunicorn workers' CPU: {cpu_per_survey:.0f} ms per completed Quick-Check "
            f"(target: ≤ {TARGET_WORKER_CPU_MS} ms), {survey_ms:.2f} ms per survey request "
            f"(× {per_survey} = {survey_ms * per_survey:.0f} ms per Quick-Check), "
            f"{trivial_ms:.2f} ms per trivial request (depends less on other load than the rates)"
        )
        if arguments.rate and surveys_per_second < 0.95 * arguments.rate:
            print(
                "  the server did not keep up: respondents under way at the end are not counted "
                "as completed, so the CPU per request × requests is the figure to read"
            )
    others = surveys.machine_cpu - surveys.workers_cpu - surveys.client_cpu - surveys.postgres_cpu
    cores = [
        ("gunicorn workers", surveys.workers_cpu),
        ("PostgreSQL", surveys.postgres_cpu),
        ("this client", surveys.client_cpu),
        ("other processes", others),
    ]
    print(
        "cores busy during the survey load: "
        + ", ".join(f"{name} {seconds / surveys.wall:.2f}" for name, seconds in cores)
    )
    if others / surveys.wall > 0.15:
        print(
            "  warning: other processes took CPU time during the run; the rates above are "
            "lower than on an otherwise idle machine (the CPU per request much less so)"
        )
    if not arguments.rate:
        print(
            "with no think time a request waits about respondents / request rate in gunicorn's "
            f"queue: ≈ {1000 * arguments.concurrency / max(requests_per_second, 1):.0f} ms here"
        )
    targets = [
        ("no errors", errors == 0),
        (f"submit p95 under {TARGET_SUBMIT_P95_MS} ms", p95 < TARGET_SUBMIT_P95_MS),
        (
            f"gunicorn workers' CPU at most {TARGET_WORKER_CPU_MS} ms per Quick-Check",
            bool(done) and cpu_per_survey <= TARGET_WORKER_CPU_MS,
        ),
    ]
    if arguments.rate:
        targets.append(
            (
                f"the offered {arguments.rate:g} Quick-Checks/s completed (at least 95 %)",
                surveys_per_second >= 0.95 * arguments.rate,
            )
        )
    else:
        targets.append(
            (
                f"at least {TARGET_SURVEYS_PER_SECOND} completed Quick-Checks/s",
                surveys_per_second >= TARGET_SURVEYS_PER_SECOND,
            )
        )
    for name, met in targets:
        print(f"target {name}: {'met' if met else 'missed'}")


def main() -> None:
    arguments = parse_arguments()
    BROWSER["javascript"] = not arguments.no_javascript
    url, own_database = database_url()
    if not server_reachable(url):
        where = f"{urlsplit(url).hostname}:{urlsplit(url).port or 5432}"
        print(f"skipped: PostgreSQL is not reachable at {where}", flush=True)
        sys.exit(SKIP)
    static_root = tempfile.mkdtemp(prefix="kompass-survey-load-")
    log = Path(static_root) / "gunicorn.log"
    prepare_environment(url, str(Path(static_root) / "static"))
    if own_database:
        maintenance(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        maintenance(f'CREATE DATABASE "{DATABASE_NAME}"')
    server = None
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        link, thanks = create_survey()
        from django.db import connections

        connections.close_all()

        port = free_port()
        server = start_server(port, log, arguments.workers)
        wait_until_healthy(port, server, log)

        def surveys(tally, n):
            return respondent(port, link, thanks, tally, n)

        def healthz(tally, n):
            return trivial(port, tally)

        concurrency = arguments.concurrency
        trivial_window = asyncio.run(
            load(healthz, concurrency, 1, max(3, arguments.duration / 3), server.pid)
        )
        if arguments.rate:

            def open_loop(tally, n):
                return arrivals(port, link, thanks, tally, arguments.rate)

            survey_window = asyncio.run(load(open_loop, 1, 5, arguments.duration, server.pid))
        else:
            survey_window = asyncio.run(
                load(surveys, concurrency, 5, arguments.duration, server.pid)
            )
        report(arguments, survey_window, trivial_window)
    finally:
        if server is not None:
            stop_server(server)
        if own_database:
            from django.db import connections

            connections.close_all()
            maintenance(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        elif "django.db" in sys.modules:
            remove_survey()  # the given database keeps nothing of this run
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
