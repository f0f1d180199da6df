from django.core.management.base import BaseCommand

from tools.demo.commitments import seed_demo_commitments
from tools.demo.consultations import seed_demo_consultations
from tools.demo.enterprises import seed_demo_enterprises
from tools.demo.monitoring import seed_demo_monitoring
from tools.demo.organizations import ACCOUNTS, DEMO_PASSWORD, seed_demo_organizations
from tools.demo.projects import seed_demo_projects


class Command(BaseCommand):
    help = "Create demo organisations and accounts for trying the platform. Safe to repeat."

    def handle(self, *args, **options):
        seeded = seed_demo_organizations()
        self.stdout.write(f"{len(seeded['organizations'])} demo organisations.")
        monitoring = seed_demo_monitoring()
        self.stdout.write(
            f"{len(monitoring['roadmaps'])} demo roadmaps, {len(monitoring['periods'])} quarters."
        )
        commitments = seed_demo_commitments()
        self.stdout.write(
            f"{commitments['recommendations']} demo recommendations, "
            f"{commitments['assessments']} assessments of them."
        )
        enterprises = seed_demo_enterprises()
        self.stdout.write(
            f"{enterprises['enterprises']} demo social enterprises, "
            f"{enterprises['assessments']} rated assessments of them."
        )
        consultations = seed_demo_consultations()
        self.stdout.write(
            f"{consultations['consultations']} demo consultations, "
            f"{consultations['contributions']} new contributions to them."
        )
        projects = seed_demo_projects()
        self.stdout.write(
            f"{projects['projects']} demo projects, {projects['updates']} updates on them."
        )
        self.stdout.write(f"Demo accounts (demo only!), all with password “{DEMO_PASSWORD}”:")
        for username, description in ACCOUNTS:
            self.stdout.write(f"  {username:<16} {description}")
