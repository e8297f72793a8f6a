from django.core.management.base import BaseCommand

from knowledgebase.services import content_load
from tickets import demo, reference_data


class Command(BaseCommand):
    help = (
        "Load the reference data, then the demo: logins, tickets, canned responses, official channels and "
        "the knowledge-base articles. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reference-only",
            action="store_true",
            help="Only the reference data (the same as manage.py load_reference_data).",
        )

    def handle(self, *args, reference_only=False, **options):
        if reference_only:
            reference_data.load()
            self.stdout.write("Reference data loaded.")
            return
        demo.seed_demo_content()
        demo.seed_demo_users()
        demo.seed_demo_tickets()
        loaded = content_load()
        self.stdout.write(
            f"Knowledge base: {loaded.articles} new articles, {loaded.translations} translations changed."
        )
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
