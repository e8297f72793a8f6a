from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Tickets")

    def ready(self):
        from . import refdata
        from .admin import sidebar_choices

        refdata.connect_signals()
        sidebar_choices.connect_signals()
