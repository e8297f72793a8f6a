from django.core.management.base import BaseCommand

from knowledgebase.services import content_load
from tickets import demo


class Command(BaseCommand):
    help = (
        "Load reference data (types, teams, SLA policies), demo logins and tickets, and the knowledge-base "
        "articles. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reference-only", action="store_true", help="Only types, teams and SLA policies.")

    def handle(self, *args, reference_only=False, **options):
        demo.seed_reference_data()
        if reference_only:
            self.stdout.write("Reference data loaded.")
            return
        demo.seed_demo_users()
        demo.seed_demo_tickets()
        loaded = content_load()
        self.stdout.write(
            f"Knowledge base: {loaded.articles} new articles, {loaded.translations} translations changed."
        )
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
