from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Tickets")

    def ready(self):
        from accounts.signals import email_verified

        from . import refdata
        from .admin import sidebar_choices

        refdata.connect_signals()
        sidebar_choices.connect_signals()
        email_verified.connect(_join_guest_tickets, dispatch_uid="tickets.join-guest-tickets")


def _join_guest_tickets(sender, user, now, **kwargs):
    """An account proved its address: the guest tickets filed under it become the account's."""
    from .services import guest_tickets_join

    guest_tickets_join(user=user, now=now)
