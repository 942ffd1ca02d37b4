from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kommunalkompass.accounts import selectors, services


class Command(BaseCommand):
    help = (
        "Create a personal API token for the user with the given e-mail address. Only the "
        "token is written to standard output, so a script can capture it; it is shown once."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="e-mail address of the user (any case)")
        parser.add_argument(
            "--name",
            default="Command line",
            help="what the token is for, shown on the user's profile (default: %(default)s)",
        )

    def handle(self, *args, email: str, name: str, **options):
        user = selectors.user_by_email(email)
        if user is None:
            raise CommandError(f"There is no user with the e-mail address {email!r}.")
        if not user.is_active:
            raise CommandError(f"The user {user.email} is deactivated; no token was created.")
        try:
            token, secret = services.api_token_create(user=user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(secret)
        self.stderr.write(
            f"Created the API token {token.name!r} ({token.prefix}…) for {user.email}. "
            "It is not stored in readable form and cannot be shown again."
        )
