"""``make screenshots``: every page of the demo, as a person sees it, on a PC and on a phone.

Builds a fresh demo in a temporary folder (SQLite: migrate, the municipality register and
the OZG catalog from ``../shared/data`` when they are there, ``manage.py demo``), serves it
with ``manage.py runserver`` on a free port, and photographs each page in Debian's Chromium
(Playwright, German) at 1366×900 and 390×844, full length, into ``screenshots/`` with an
``index.html`` that shows them all on one page, so that a person can look at every screen
in a minute.

The pages are found as the guards find them (``tests/pages.py``): every page under
``/o/musterstadt/`` that Stadt Musterstadt's administrator reaches by following links, or
that the URL configuration builds from the slug alone; the pages outside the organisation
that those pages link to (the survey of an open assessment, the public strategy page …);
and every page of the URL configuration without arguments (start page, Quick-Check,
log-in, profile …); the public Quick-Check's result and an open survey's link and first
questions, their forms sent. A page that
answers an anonymous visitor is photographed as one; the others as the administrator. A new
module's pages join by themselves.

It is also a gate. On every page and at both widths it checks what a person would notice
and exits non-zero, listing the pages, if any page fails:

- an answer other than 200, or an administrator's page that ends on the log-in page;
- axe-core (``axe-playwright-python``, as the browser journeys run it) finds a violation of
  impact serious or critical;
- the page scrolls sideways (content wider than the screen), or a table is cut off: wider
  than its box without scrolling in a box of its own (``.table-wrap``, whose first column
  stays put while the rest scrolls).

Run from the project folder: ``python -m tests.screenshots [--out FOLDER] [--only REGEX]``.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CHROMIUM = Path("/usr/bin/chromium")
SLUG = "musterstadt"
ADMIN_EMAIL = "admin@musterstadt.example"
PASSWORD = "kommunalkompass"
VIEWPORTS = {"1366": (1366, 900), "390": (390, 844)}
# Not pages for people (Django's admin, the API and its docs, language switch, health).
SKIPPED_PREFIXES = ("/admin/", "/api/", "/i18n/", "/healthz", "/static/", "/media/")
DOWNLOAD_SUFFIXES = (".pdf", ".docx", ".xlsx", ".csv", ".png", ".svg", ".json", ".zip")


@dataclass
class Shot:
    path: str
    visitor: str  # "anonymous" or "admin"
    files: dict[str, str] = field(default_factory=dict)  # viewport → file name
    status: int = 0
    title: str = ""
    notes: list[str] = field(default_factory=list)  # what fails the gate
    # Send the page's form (a choice in every group of radio buttons) and photograph the page
    # that answers it: the public Quick-Check's result, a survey's first questions.
    answered: bool = False

    @property
    def label(self) -> str:
        return f"{self.path} (answered)" if self.answered else self.path

    @property
    def failed(self) -> bool:
        return bool(self.notes) or self.status != 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare_database(env: dict[str, str]) -> None:
    """A fresh demo database, loaded in this process (Django is set up here once)."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    quiet = {"stdout": StringIO(), "verbosity": 0}
    call_command("migrate", interactive=False, **quiet)
    register = DATA / "gv-isys-auszug-2019-12-31.csv"
    if register.exists():
        call_command("import_municipalities", str(register), **quiet)
    catalog = DATA / "ozg-catalog-2019.csv"
    if catalog.exists():
        call_command("import_ozg_catalog", str(catalog), skip_invalid=True, **quiet)
    call_command("demo", stdout=StringIO())


def _internal_path(href: str) -> str | None:
    """The path (with query) of a link to this installation, or None."""
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _is_page(path: str) -> bool:
    plain = urlsplit(path).path
    return not plain.startswith(SKIPPED_PREFIXES) and not plain.endswith(DOWNLOAD_SUFFIXES)


def _discover() -> list[Shot]:
    """The pages to photograph, found with Django's test client in this process."""
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import get_resolver, reverse

    from kommunalkompass.accounts.models import User
    from kommunalkompass.assessments.models import Assessment
    from kommunalkompass.assessments.services.assessments import open_link_token
    from kommunalkompass.organisations.models import Organisation
    from tests.pages import _walk, links_of, organisation_pages, route_name

    setup_test_environment()  # the test client's host, mail kept in memory
    logging.getLogger("django.request").setLevel(logging.ERROR)  # 405s of POST-only routes
    organisation = Organisation.objects.get(slug=SLUG)
    admin = Client()
    admin.force_login(User.objects.get(email=ADMIN_EMAIL))
    anonymous = Client()

    organisation_html = organisation_pages(admin, organisation, per_route=1)
    candidates: dict[str, str] = {}  # route name → path, one page per route outside /o/
    for page_html in organisation_html.values():
        for href in links_of(page_html):
            path = _internal_path(href)
            if path is None or path.startswith(f"/o/{SLUG}/") or not _is_page(path):
                continue
            name = route_name(path)
            if name:
                candidates.setdefault(name, path)
    for route in _walk(get_resolver().url_patterns):
        kwargs = {}
        if set(route.params) == {"slug"} and not route.route.startswith("o/<slug:slug>/"):
            kwargs = {"slug": SLUG}  # e.g. a public page of the organisation
        elif route.params:
            continue
        path = reverse(route.name, kwargs=kwargs)
        if _is_page(path):
            candidates.setdefault(route.name, path)

    shots = [Shot("/", "anonymous")]
    for path in sorted(set(candidates.values())):
        for visitor, client in (("anonymous", anonymous), ("admin", admin)):
            response = client.get(path)
            if response.status_code == 200 and _is_document(response):
                shots.append(Shot(path, visitor))
                break
    shots.append(Shot("/quick-check/", "anonymous", answered=True))
    # A respondent's way in: the open link of an open survey and its first questions.
    survey = Assessment.objects.filter(organisation=organisation, status="open").first()
    if survey is not None:
        link = f"/s/{open_link_token(survey, survey.groups[0])}/"
        shots += [Shot(link, "anonymous"), Shot(link, "anonymous", answered=True)]
    shots.append(Shot("/", "admin"))
    shots += [
        Shot(path, "admin")
        for path, page_html in sorted(organisation_html.items())
        if "<html" in page_html  # not an htmx fragment
    ]
    seen: set[tuple[str, str]] = set()
    return [
        s for s in shots if (s.label, s.visitor) not in seen and not seen.add((s.label, s.visitor))
    ]


def _is_document(response) -> bool:
    """A whole HTML page (not a download, not an htmx fragment)."""
    return "text/html" in response.get("Content-Type", "") and b"<html" in response.content


def _file_stem(index: int, shot: Shot) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "-", shot.label).strip("-") or "start"
    return f"{index:03d}-{shot.visitor}-{name[:80]}"


# Elements wider than the screen make a page scroll sideways on a phone.
OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return [];
  const wide = [];
  for (const el of document.querySelectorAll("main *")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !el.closest(".table-wrap")) {
      const name = el.className ? "." + String(el.className).split(" ")[0] : "";
      wide.push(el.tagName.toLowerCase() + name);
      if (wide.length >= 3) break;
    }
  }
  return wide.length ? wide : ["the page"];
}
"""


# A table wider than its box that does not scroll in a box of its own is cut off (or runs
# over the card's edge). Tables in closed <details> have no size and are not judged.
CUT_TABLES = """
() => {
  const cut = [];
  const width = document.documentElement.clientWidth;
  for (const table of document.querySelectorAll("main table")) {
    const box = table.getBoundingClientRect();
    if (box.width === 0) continue;
    let scrolls = false;
    for (let el = table.parentElement; el && el !== document.body; el = el.parentElement) {
      const overflow = getComputedStyle(el).overflowX;
      if (overflow === "auto" || overflow === "scroll") { scrolls = true; break; }
    }
    if (scrolls) continue;
    const parent = table.parentElement;
    const style = getComputedStyle(parent);
    const room = parent.getBoundingClientRect().right - parseFloat(style.paddingRight)
      - parseFloat(style.borderRightWidth);
    if (box.right > room + 1 || box.right > width + 1) {
      const caption = table.caption ? table.caption.textContent : "";
      const heading = table.closest("section, article, .card, main")
        ?.querySelector("h1, h2, h3")?.textContent || "";
      const name = (caption || heading || "a table").trim().replace(/\\s+/g, " ");
      const inside = Math.round(room - parent.getBoundingClientRect().left);
      cut.push(`${name.slice(0, 60)} (${Math.round(box.width)} px in ${inside} px)`);
    }
  }
  return cut;
}
"""

# Sends the page's first form with a choice in every group of radio buttons (past a stepper
# that shows one step at a time on a phone).
_ANSWER = """
() => {
  const form = document.querySelector("main form[method=post i]");
  const groups = new Map();
  form.querySelectorAll("input[type=radio]").forEach((radio) => {
    if (!groups.has(radio.name)) groups.set(radio.name, []);
    groups.get(radio.name).push(radio);
  });
  [...groups.values()].forEach((radios, index) => {
    radios[(index * 2) % radios.length].checked = true;
  });
  HTMLFormElement.prototype.submit.call(form);
}
"""

BLOCKING_IMPACTS = {"serious", "critical"}


def _axe_problems(axe, page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    problems = []
    for violation in axe.run(page).response["violations"]:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:3])
        more = len(violation["nodes"]) - 3
        problems.append(
            f"axe {violation['id']} ({violation['impact']}): {violation['help']} at "
            f"{targets}{f' and {more} more' if more > 0 else ''}"
        )
    return problems


def _photograph(base_url: str, shots: list[Shot], out: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    axe = Axe()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox"]
        )
        for viewport, (width, height) in VIEWPORTS.items():
            phone = width < 600
            contexts = {}
            for visitor in ("anonymous", "admin"):
                context = browser.new_context(
                    locale="de-DE",
                    timezone_id="Europe/Berlin",
                    viewport={"width": width, "height": height},
                    is_mobile=phone,
                    has_touch=phone,
                )
                context.set_default_timeout(30_000)
                contexts[visitor] = context.new_page()
            _log_in(contexts["admin"], base_url)
            for index, shot in enumerate(shots, start=1):
                page = contexts[shot.visitor]
                response = page.goto(base_url + shot.path, wait_until="load")
                if shot.answered:
                    with page.expect_navigation() as navigation:
                        page.evaluate(_ANSWER)
                    response = navigation.value
                shot.status = response.status if response else 0
                # judged as drawn in the page's own fonts, not in a fallback still loading
                page.evaluate("() => document.fonts.ready.then(() => true)")
                shot.title = page.title()
                if shot.visitor == "admin" and "/accounts/login/" in page.url:
                    shot.notes.append("redirected to the log-in page")
                wide = page.evaluate(OVERFLOW)
                if wide:
                    shot.notes.append(f"{viewport} px: wider than the screen ({', '.join(wide)})")
                shot.notes += [
                    f"{viewport} px: table cut off: {table}" for table in page.evaluate(CUT_TABLES)
                ]
                shot.notes += [f"{viewport} px: {problem}" for problem in _axe_problems(axe, page)]
                name = f"{_file_stem(index, shot)}-{viewport}.png"
                page.screenshot(path=str(out / name), full_page=True)
                shot.files[viewport] = name
            for page in contexts.values():
                page.context.close()
        browser.close()


def _log_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", ADMIN_EMAIL)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if "/accounts/login/" in page.url:
        raise SystemExit(f"Log-in as {ADMIN_EMAIL} failed.")


def _write_index(out: Path, shots: list[Shot]) -> None:
    flagged = sum(1 for shot in shots if shot.failed)
    rows = []
    for shot in shots:
        images = "".join(
            f'<a href="{html.escape(shot.files[v])}"><img src="{html.escape(shot.files[v])}" '
            f'alt="{html.escape(shot.label)} at {v} px" loading="lazy" class="w{v}"></a>'
            for v in VIEWPORTS
            if v in shot.files
        )
        notes = "".join(f"<li>{html.escape(note)}</li>" for note in dict.fromkeys(shot.notes))
        status = "" if shot.status == 200 else f' <strong class="bad">{shot.status}</strong>'
        rows.append(
            f"<section><h2><code>{html.escape(shot.label)}</code> <small>{shot.visitor}"
            f"</small>{status}</h2><p>{html.escape(shot.title)}</p>"
            f"{f'<ul class=bad>{notes}</ul>' if notes else ''}<div>{images}</div></section>"
        )
    (out / "index.html").write_text(
        "<!doctype html><html lang=de><meta charset=utf-8>"
        "<title>Kommunalkompass – screenshots</title><style>"
        "body{font:15px system-ui,sans-serif;margin:1rem 2rem;background:#f4f6f8}"
        "section{background:#fff;border:1px solid #ccd;margin:0 0 1rem;padding:.5rem 1rem}"
        "h2{font-size:1rem;margin:.25rem 0}p{margin:.25rem 0;color:#555}"
        "div{display:flex;gap:1rem;align-items:flex-start}"
        "img{border:1px solid #ccd;object-fit:cover;object-position:top}"
        ".w1366{width:480px;height:316px}.w390{width:137px;height:300px}"
        ".bad{color:#a4262c}</style>"
        f"<h1>Kommunalkompass: {len(shots)} pages at {' and '.join(VIEWPORTS)} px</h1>"
        f"<p>Click a picture for the full page. {flagged} pages fail and are flagged in red (an "
        "answer other than 200, an axe-core violation of impact serious or critical, content "
        "wider than the screen or a table cut off).</p>" + "".join(rows),
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument(
        "--only", type=re.compile, help="photograph and check only the paths this matches"
    )
    parser.add_argument(
        "--database",
        type=Path,
        help="a SQLite file to keep: built as a fresh demo when missing, reused otherwise",
    )
    parser.add_argument("--port", type=int, help="the port to serve on (a free one otherwise)")
    arguments = parser.parse_args()
    out = arguments.out.resolve()
    if not CHROMIUM.exists():
        raise SystemExit(
            f"{CHROMIUM} is missing: install Debian's package (apt-get install chromium)"
        )
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="kommunalkompass-screenshots-"))
    database = arguments.database.resolve() if arguments.database else work / "db.sqlite3"
    env = {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "kommunalkompass.config.settings",
    }
    server = None
    try:
        if database.exists():
            print(f"Using the demo in {database} …", flush=True)
            os.environ.update(env)
            import django

            django.setup()
        else:
            print("Building the demo …", flush=True)
            _prepare_database(env)
        shots = _discover()
        if arguments.only:
            shots = [shot for shot in shots if arguments.only.search(shot.path)]
        port = arguments.port or _free_port()
        log = (work / "server.log").open("w")
        server = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        _wait_for(f"{base_url}/healthz", server, work / "server.log")
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        print(f"Photographing and checking {len(shots)} pages at {', '.join(VIEWPORTS)} px …")
        _photograph(base_url, shots, out)
        _write_index(out, shots)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    failed = [shot for shot in shots if shot.failed]
    print(
        f"{len(shots)} pages, {sum(len(s.files) for s in shots)} screenshots in "
        f"{time.monotonic() - started:.0f} s: {out}/index.html"
    )
    if failed:
        print(f"\n{len(failed)} of {len(shots)} pages fail:")
        for shot in failed:
            print(f"- {shot.label} ({shot.visitor}, {shot.status})")
            for note in dict.fromkeys(shot.notes):
                print(f"    {note}")
        sys.exit(1)
    print("Every page answers, passes axe and fits the screen.")


def _wait_for(url: str, server: subprocess.Popen, log: Path) -> None:
    for _attempt in range(100):
        if server.poll() is not None:
            raise SystemExit(f"The server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The server did not answer at {url}.")


if __name__ == "__main__":
    main()
