from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.languages import Language

from . import anti_phishing, names


class CustomerTier(models.TextChoices):
    STANDARD = "standard", _("Standard")
    VIP1 = "vip1", _("VIP 1")
    VIP2 = "vip2", _("VIP 2")
    VIP3 = "vip3", _("VIP 3")


class User(AbstractUser):
    """A customer or a member of staff. Customers sign in with their e-mail address."""

    email = models.EmailField(_("email address"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("E.164, e.g. +14155550123"))
    language = models.CharField(_("language"), max_length=10, choices=Language, default=Language.EN)
    tier = models.CharField(_("customer tier"), max_length=10, choices=CustomerTier, default=CustomerTier.STANDARD)
    # A typed address is a claim; it becomes an identity once a link we mailed to it was used
    # (the sign-up confirmation or a password reset). Guest tickets under it join the account then.
    email_verified_at = models.DateTimeField(_("e-mail address verified"), null=True, blank=True)
    # Shown at the top of every e-mail we send the account (accounts.anti_phishing); never to anyone else.
    anti_phishing_code = models.CharField(
        _("anti-phishing code"), max_length=20, blank=True, validators=[anti_phishing.validate_code]
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_ci_unique",
            )
        ]

    @property
    def display_name(self) -> str:
        """The name every workspace page shows (``accounts.names``), for templates."""
        return names.display_name(self)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None and bool(self.email)
