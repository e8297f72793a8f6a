"""Load (or refresh) the knowledge-base articles shipped in knowledgebase/content/."""

from django.core.management.base import BaseCommand

from knowledgebase.services import CONTENT_DIR, content_load


class Command(BaseCommand):
    help = "Load the knowledge-base content (idempotent: a second run updates, never duplicates)."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(CONTENT_DIR), help="content directory (<path>/<language>/<slug>.md)")

    def handle(self, *args, **options):
        result = content_load(options["path"])
        self.stdout.write(
            f"Knowledge base: {result.categories} new categories, {result.articles} new articles, "
            f"{result.translations} translations created or updated."
        )
