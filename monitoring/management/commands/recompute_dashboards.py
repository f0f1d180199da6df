from django.core.management.base import BaseCommand, CommandError

from monitoring.dashboards.engine import recompute_all, recompute_country
from vision.models import Country


class Command(BaseCommand):
    help = "Recompute the dashboards now: every country and the region, or one country."

    def add_arguments(self, parser):
        parser.add_argument("--country", help="ISO code of one country, e.g. KG")

    def handle(self, *args, country=None, **options):
        if country:
            found = Country.objects.filter(code=country.upper()).first()
            if found is None:
                raise CommandError(f"No country with the code {country!r}.")
            generation = recompute_country(country_id=found.pk)
            self.stdout.write(f"{found.name} recomputed: dashboard generation {generation}.")
        else:
            generation = recompute_all()
            self.stdout.write(f"All dashboards recomputed: generation {generation}.")
