from django.core.management.base import BaseCommand, CommandError

from organizations.models import User
from organizations.tokens import token_create


class Command(BaseCommand):
    help = "Make an API token for a person and print its key (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No person with the username {username!r}.")
        _token, key = token_create(user=user, name=name)
        self.stdout.write(key)
