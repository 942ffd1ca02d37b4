import importlib
import os

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent): fictional organisations, teams and the demo data "
        "of every module. Password from DEMO_PASSWORD (default: kommunalkompass)."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or "kommunalkompass"
        logins: list[tuple[str, str]] = []
        # Each app may contribute a ``demo`` module with ``load(*, password, stdout)``;
        # they run in the order of INSTALLED_APPS, so later modules build on earlier ones.
        for config in apps.get_app_configs():
            if not config.name.startswith("kommunalkompass."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            logins.extend(module.load(password=password, stdout=self.stdout) or [])
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password: {password}):")
        for email, slug in logins:
            # An empty slug: a login whose start is the portfolio of several organisations.
            self.stdout.write(f"  {email:<34} /o/{slug + '/' if slug else ''}")
