from django.core.management.base import BaseCommand

from tickets import reference_data


class Command(BaseCommand):
    help = (
        "Load what every installation needs: teams for the three tiers, ticket types, SLA policies, the "
        "keyword rule and the staff groups with their permissions. Safe to run again: edited rows keep their edits."
    )

    def handle(self, *args, **options):
        reference_data.load()
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
