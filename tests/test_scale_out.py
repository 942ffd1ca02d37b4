"""Scale out: two app servers and a task worker on one PostgreSQL database.

A real installation runs several gunicorn servers behind a load balancer and a worker for
the background tasks (docs/operations.md, "Several app servers"). This test starts that
layout on one machine: two gunicorn servers on two ports and one ``manage.py db_worker``,
all on the same fresh PostgreSQL database, with the shared cache in that database
(``CACHE_URL=db://…``) and the same ``SECRET_KEY``. Then

* an editor logs in on one server and sends personal survey invitations from the other;
  the worker (not the server) sends the e-mails;
* invited respondents and respondents of the open link answer the Quick-Check, changing
  server with every page (the session, CSRF and resume cookies of one server are good on
  the other);

and every response arrives complete. It needs PostgreSQL (``DATABASE_URL``); elsewhere it is
skipped, saying why. CI's PostgreSQL run fails when it was skipped there (.ci/run).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from email import message_from_bytes
from pathlib import Path

import pytest

from tests.test_concurrent_writes import (
    CSRF_FIELD,
    RADIO,
    ROOT,
    _Database,
    _free_port,
    _manage,
    _Respondent,
)

POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
pytestmark = pytest.mark.skipif(
    not POSTGRES, reason="needs PostgreSQL: set DATABASE_URL to a postgres:// address"
)
INVITED = ["erika.muster@example.org", "max.muster@example.org", "kim.muster@example.org"]
OPEN_LINK_RESPONDENTS = 3

SETUP = """
from kommunalkompass.accounts.models import User
from kommunalkompass.assessments import services
from kommunalkompass.organisations.models import Membership, Role
from kommunalkompass.organisations.services import organisation_create

admin = User.objects.create_user("admin@scale.example", "zwei-server-ein-worker")
editor = User.objects.create_user("editor@scale.example", "zwei-server-ein-worker")
organisation = organisation_create(
    creator=admin, name="Skalierstadt", kind="stadt", state="05", slug="skalierstadt"
)
Membership.objects.create(organisation=organisation, user=editor, role=Role.EDITOR)
assessment = services.assessment_create(
    actor=editor, organisation=organisation, title="Quick-Check", model_ident="quick-1.0",
    groups=["leaders", "staff", "it"],
)
links = services.assessment_open(actor=editor, assessment=assessment)
print("ASSESSMENT", assessment.pk, "TOKEN", links["staff"])
"""

COUNT = """
from kommunalkompass.assessments.models import Answer, Response
print("COUNT", Response.objects.exclude(submitted_on=None).count(), Answer.objects.count())
"""


def _wait_until_up(base: str, log: Path) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{base} did not start:\n{log.read_text()[-2000:]}")


@pytest.fixture
def installation(tmp_path):
    """``(the two servers' addresses, the open link's token, the assessment, env, mail folder)``."""
    database = _Database(tmp_path)
    mail = tmp_path / "mail"
    processes: list[subprocess.Popen] = []
    ports = [_free_port(), _free_port()]
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": servers[0],
        "CACHE_URL": "db://kompass_cache",
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
        "RATE_LIMIT_SURVEY_START": "1000/m",
        "RATE_LIMIT_SURVEY_SAVE": "10000/m",
        "LOG_LEVEL": "WARNING",
    }
    try:
        _manage(env, "migrate", "--no-input", "-v0")
        _manage(env, "createcachetable")
        found = re.search(r"ASSESSMENT (\d+) TOKEN (\S+)", _manage(env, "shell", "-c", SETUP))
        for port in ports:
            log = tmp_path / f"gunicorn-{port}.log"
            processes.append(
                subprocess.Popen(  # noqa: S603 (our own server, fixed arguments)
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "kommunalkompass.config.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "2",
                        "--threads",
                        "2",
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=log.open("w"),
                )  # fmt: skip
            )
            _wait_until_up(f"http://127.0.0.1:{port}", log)
        processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    str(ROOT / "manage.py"),
                    "db_worker",
                    "--interval",
                    "0.2",
                    "--no-startup-delay",
                    "--no-reload",
                ],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=(tmp_path / "worker.log").open("w"),
            )  # fmt: skip
        )
        yield servers, found.group(2), int(found.group(1)), env, mail
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        database.drop()


class _Visitor(_Respondent):
    """A browser whose requests a load balancer sends to either server."""

    def __init__(self, servers: list[str]):
        super().__init__("")
        self.servers = servers
        self.turn = 0

    def next_server(self, url: str) -> str:
        """``url`` on the other server than the last request (the path stays)."""
        self.turn += 1
        path = re.sub(r"^https?://[^/]+", "", url)
        return self.servers[self.turn % len(self.servers)] + path

    def answer_survey(self, link: str) -> int:
        """Start the survey behind ``link`` and answer every part with level 3, each page
        on the other server; the number of questions answered."""
        self.csrf = CSRF_FIELD.search(self.get(self.next_server(link))).group(1)
        status, where = self.post(self.next_server(link), {})
        assert status == 200 and where.endswith("/1/"), (status, where)
        answered = 0
        part = where
        while not part.endswith("/done/"):
            html = self.get(self.next_server(part))
            self.csrf = CSRF_FIELD.search(html).group(1)
            radios = dict.fromkeys(RADIO.findall(html))
            answered += len(radios)
            status, part = self.post(
                self.next_server(part), {"action": "next", **{name: "3" for name in radios}}
            )
            assert status == 200, (status, part)
        return answered


def _mails(folder: Path, count: int) -> list:
    """The e-mails the worker has written, once there are ``count`` of them."""
    for _ in range(300):
        files = sorted(folder.glob("*.log")) if folder.exists() else []
        messages = [
            message_from_bytes(chunk.strip().encode())
            for path in files
            for chunk in path.read_text().split("-" * 79)
            if chunk.strip()
        ]
        if len(messages) >= count:
            return messages
        time.sleep(0.2)
    worker = (folder.parent / "worker.log").read_text()[-3000:]
    pytest.fail(f"the worker sent {len(messages)} of {count} invitations:\n{worker}")


def test_two_servers_and_a_worker_serve_one_survey_whichever_server_answers(installation):
    servers, token, assessment, env, mail = installation

    # An editor logs in on the first server and invites from the second.
    editor = _Visitor(servers)
    editor.csrf = CSRF_FIELD.search(editor.get(f"{servers[0]}/accounts/login/")).group(1)
    status, where = editor.post(
        f"{servers[0]}/accounts/login/",
        {"username": "editor@scale.example", "password": "zwei-server-ein-worker"},
    )
    assert status == 200 and "/accounts/login/" not in where, where
    detail = f"{servers[1]}/o/skalierstadt/assessments/{assessment}/"
    editor.csrf = CSRF_FIELD.search(editor.get(detail)).group(1)
    status, where = editor.post(
        f"{detail}invite/", {"group": "staff", "addresses": "\n".join(INVITED)}
    )
    assert status == 200 and where == detail, (status, where)

    # The worker sends one e-mail per address, each with a personal link.
    messages = _mails(mail, len(INVITED))
    assert sorted(message["To"] for message in messages) == sorted(INVITED)
    personal = [
        re.search(r"https?://\S+/s/\S+/", message.get_payload(decode=True).decode()).group(0)
        for message in messages
    ]
    assert len(set(personal)) == len(INVITED)

    # Invited and open-link respondents answer, every page on the other server.
    answered = [_Visitor(servers).answer_survey(link) for link in personal]
    answered += [
        _Visitor(servers).answer_survey(f"{servers[0]}/s/{token}/")
        for _ in range(OPEN_LINK_RESPONDENTS)
    ]

    stored = re.search(r"COUNT (\d+) (\d+)", _manage(env, "shell", "-c", COUNT))
    assert int(stored.group(1)) == len(INVITED) + OPEN_LINK_RESPONDENTS
    assert int(stored.group(2)) == sum(answered)
    assert min(answered) == 15  # every question the Quick-Check asks the staff
