"""Respondents who send the same survey page at the same moment all get through.

On SQLite, parallel POSTs of one survey page answered 500 ("database is locked"): two
transactions that both began by reading and then wanted to write could not both go on,
and SQLite refuses the second at once instead of letting it wait. The settings now begin
every transaction on SQLite with ``BEGIN IMMEDIATE`` (it takes the write lock first, so
writers queue) and give each connection a busy timeout (``transaction_mode`` and
``timeout`` in ``config/settings.py``); PostgreSQL needs neither.

The test serves a real database (a file for SQLite; a fresh database on the suite's
PostgreSQL server when ``DATABASE_URL`` names one) with ``manage.py runserver``, which
answers each request in its own thread, and lets respondents start the open survey link
and send each part of it at the same moment (a barrier before every POST). Every answer
must be a redirect onwards, and every response must arrive complete.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESPONDENTS = 12
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RADIO = re.compile(r'<input type="radio"\s+name="([^"]+)"')

SETUP = """
from kommunalkompass.accounts.models import User
from kommunalkompass.assessments import services
from kommunalkompass.organisations.services import organisation_create

user = User.objects.create_user("parallel@example.org", "parallel-writes-only")
organisation = organisation_create(
    creator=user, name="Gleichzeitig", kind="gemeinde", state="03", slug="gleichzeitig"
)
assessment = services.assessment_create(
    actor=user, organisation=organisation, title="Quick-Check", model_ident="quick-1.0",
    groups=["leaders", "staff", "it"],
)
print("TOKEN", services.assessment_open(actor=user, assessment=assessment)["staff"])
"""

COUNT = """
from kommunalkompass.assessments.models import Answer, Response
print("COUNT", Response.objects.exclude(submitted_on=None).count(), Answer.objects.count())
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Database:
    """A database of the suite's engine for the server, removed afterwards."""

    def __init__(self, folder: Path):
        suite = os.environ.get("DATABASE_URL", "")
        self.postgres = suite.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            parts = urllib.parse.urlsplit(suite)
            self.name = f"kk_parallel_{secrets.token_hex(4)}"
            self.admin_url = parts._replace(path="/postgres").geturl()
            self.url = parts._replace(path=f"/{self.name}").geturl()
            self._execute(f'CREATE DATABASE "{self.name}"')
        else:
            self.url = f"sqlite:///{folder / 'parallel.sqlite3'}"

    def _execute(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def drop(self) -> None:
        if self.postgres:
            self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _manage(env: dict, *arguments: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def served_survey(tmp_path):
    """``(open survey link, env of the server, its log)`` on a running server."""
    database = _Database(tmp_path)
    log = tmp_path / "server.log"
    # runserver answers each request in a new thread: kept connections would pile up. All
    # respondents come from one address: the rate limits are not what this test is about.
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "DATABASE_CONN_MAX_AGE": "0",
        "RATE_LIMIT_SURVEY_START": "1000/m",
        "RATE_LIMIT_SURVEY_SAVE": "10000/m",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    server = None
    try:
        _manage(env, "migrate", "--no-input", "-v0")
        token = re.search(r"TOKEN (\S+)", _manage(env, "shell", "-c", SETUP)).group(1)
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}",
             "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield f"{base}/s/{token}/", env, log
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        database.drop()


class _Respondent:
    def __init__(self, link: str):
        self.link = link
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""
        self.page = ""

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=60) as answer:
            self.page = answer.url
            return answer.read().decode()

    def post(self, url: str, form: dict) -> tuple[int, str]:
        """Send a form; the status of the answer and the address it leads to."""
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf, **form}).encode()
        try:
            with self.opener.open(url, data=data, timeout=60) as answer:
                self.page = answer.url
                answer.read()
                return answer.status, answer.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")[:300]


def test_respondents_sending_the_same_page_at_once_all_get_through(served_survey):
    link, env, log = served_survey
    respondents = [_Respondent(link) for _ in range(RESPONDENTS)]
    for respondent in respondents:
        respondent.csrf = CSRF_FIELD.search(respondent.get(link)).group(1)
    barrier = threading.Barrier(RESPONDENTS, timeout=120)
    failures: list[str] = []
    answered: list[int] = []

    def send_together(respondent: _Respondent, url: str, form: dict, step: str) -> bool:
        barrier.wait()
        status, where = respondent.post(url, form)
        if status != 200:
            failures.append(f"{step}: {status} {where}")
            barrier.abort()  # the others stop at their next step
            return False
        return True

    def answer_everything(respondent: _Respondent) -> None:
        try:
            if not send_together(respondent, link, {}, "start"):  # creates the response
                return
            count = 0
            for number in range(1, 9):
                part = f"{link}{number}/"
                radios = dict.fromkeys(RADIO.findall(respondent.get(part)))
                count += len(radios)
                form = {"action": "next", **{name: "3" for name in radios}}
                if not send_together(respondent, part, form, f"part {number}"):
                    return
            answered.append(count)
        except threading.BrokenBarrierError:
            pass

    threads = [threading.Thread(target=answer_everything, args=(r,)) for r in respondents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    errors = [line for line in log.read_text().splitlines() if "Error" in line]
    assert not failures, (
        f"{len(failures)} of {RESPONDENTS} respondents failed: {failures[:3]}\n"
        + "\n".join(errors[-5:])
    )
    assert [r.page.endswith("/done/") for r in respondents] == [True] * RESPONDENTS
    stored = re.search(r"COUNT (\d+) (\d+)", _manage(env, "shell", "-c", COUNT))
    assert (int(stored.group(1)), int(stored.group(2))) == (RESPONDENTS, sum(answered))
    assert min(answered) == 15  # every question the Quick-Check asks the staff
