"""What the accounts app announces to the apps above it (which it must not import).

``email_verified``: an account proved it receives mail at its address (the sign-up link or a
password reset). Sent inside the transaction that recorded it, with ``user`` and ``now``; the
tickets app joins the guest tickets filed under that address to the account.
"""

from django.dispatch import Signal

email_verified = Signal()
