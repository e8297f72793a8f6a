"""What is said and done on a ticket: messages, screenshots, the timeline, ratings, notes about the
customer, and the canned responses agents start from."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from supportdesk.languages import Language, is_chinese

from .choices import Channel
from .reference import Team
from .ticket import Ticket


class CannedResponse(models.Model):
    """A reply agents insert and adapt. ``{{ placeholder }}`` names are filled per ticket
    (see ``tickets.canned.PLACEHOLDERS``); one row per language of the text. The title is for agents,
    who read the workspace in either language whatever the ticket's: it has both, as teams' and
    types' names do (``agent_title``)."""

    title = models.CharField(_("title"), max_length=100)
    title_zh_hans = models.CharField(
        _("title (Simplified Chinese)"),
        max_length=100,
        blank=True,
        help_text=_("What agents who read the workspace in Chinese see in the list. Empty: the title."),
    )
    language = models.CharField(_("language"), max_length=10, choices=Language, default=Language.EN)
    body = models.TextField(_("text"), max_length=5000)
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="canned_responses",
        verbose_name=_("team"),
        help_text=_("Empty: offered to every team."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        constraints = [models.UniqueConstraint(fields=["title", "language"], name="canned_response_title_per_language")]

    def __str__(self) -> str:
        return f"{self.agent_title} [{self.language}]"

    @property
    def agent_title(self) -> str:
        """The title in the language the agent reads the workspace in."""
        if is_chinese(get_language()) and self.title_zh_hans:
            return self.title_zh_hans
        return self.title


class CustomerNote(models.Model):
    """What agents should know about a customer ("prefers Chinese", "confirmed identity on ...").

    About an identity (``tickets.identity``), never a typed address: the customer's account, or
    for a guest an e-mail address they proved. A note that says "identity confirmed" must never
    show beside a ticket whose sender only typed the same address.
    """

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="customer_notes",
        verbose_name=_("customer account"),
    )
    email = models.EmailField(_("customer e-mail"), db_index=True)
    body = models.TextField(_("note"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("customer note")
        verbose_name_plural = _("customer notes")

    def __str__(self) -> str:
        return f"{self.email}: {self.body[:40]}"


class Message(models.Model):
    """A public reply or an internal note on a ticket."""

    class AuthorRole(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        AGENT = "agent", _("Agent")
        SYSTEM = "system", _("System")

    # "message_ticket_created" leads with the ticket: no index of its own (tests/test_indexes.py).
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages", db_index=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("author")
    )
    author_role = models.CharField(_("author role"), max_length=10, choices=AuthorRole)
    body = models.TextField(_("message"), max_length=10000)
    internal = models.BooleanField(_("internal note"), default=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.WEB)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket_created")]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        # Translators: the inline header of a message in the agent workspace; "ticket" is its database id.
        return _("%(role)s on %(ticket)s") % {"role": self.get_author_role_display(), "ticket": self.ticket_id}


def screenshot_path(instance, filename: str) -> str:
    # A random name with the extension of the re-encoded format; the client's name is never used.
    return f"screenshots/{instance.public_id.hex[:2]}/{instance.public_id.hex}.{instance.extension}"


class Screenshot(models.Model):
    FORMAT_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
    FORMAT_CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="screenshots")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="screenshots")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("uploaded by")
    )
    file = models.FileField(upload_to=screenshot_path, max_length=200)
    image_format = models.CharField(_("image format"), max_length=4, choices=[(k, k) for k in FORMAT_EXTENSIONS])
    original_name = models.CharField(_("file name"), max_length=100, blank=True)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("screenshot")
        verbose_name_plural = _("screenshots")

    def __str__(self) -> str:
        return self.original_name or str(self.public_id)

    @property
    def extension(self) -> str:
        return self.FORMAT_EXTENSIONS[self.image_format]

    @property
    def content_type(self) -> str:
        return self.FORMAT_CONTENT_TYPES[self.image_format]


class TicketEvent(models.Model):
    """Every change to a ticket, with who made it: the timeline and the audit log in one."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        STATUS = "status", _("Status changed")
        PRIORITY = "priority", _("Priority changed")
        ASSIGNED = "assigned", _("Assignee changed")
        TEAM = "team", _("Team changed")
        TIER = "tier", _("Tier changed")
        REPLIED = "replied", _("Public reply")
        NOTE = "note", _("Internal note")
        SCREENSHOTS = "screenshots", _("Screenshots added")
        TYPE = "type", _("Type changed")
        SLA = "sla", _("SLA deadlines set")
        SLA_PAUSED = "sla_paused", _("SLA clock paused")
        SLA_RESUMED = "sla_resumed", _("SLA clock resumed")
        SLA_WARNING = "sla_warning", _("SLA warning")
        SLA_BREACH = "sla_breach", _("SLA breached")
        ESCALATED = "escalated", _("Escalated")
        DEESCALATED = "deescalated", _("De-escalated")
        RULE = "rule", _("Priority rule applied")
        FEEDBACK = "feedback", _("Satisfaction rating")
        TAGS = "tags", _("Tags changed")
        MERGED = "merged", _("Merged")
        CONTACT_PROVEN = "contact_proven", _("Contact e-mail proven")
        JOINED_ACCOUNT = "joined_account", _("Joined the customer's account")
        LINKS_REVOKED = "links_revoked", _("Guest links revoked")
        FREEZE_REPEATED = "freeze_repeated", _("Freeze requested again")
        SECRET_REMOVED = "secret_removed", _("Secret removed")
        CHANNEL_REPORTED = "channel_reported", _("Fake channel reported again")

    # "event_ticket_created" leads with the ticket: no index of its own (tests/test_indexes.py).
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events", db_index=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("actor")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_ticket_created")]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")

    def __str__(self) -> str:
        # Translators: the inline header of a timeline event in the agent workspace; "ticket" is its database id.
        return _("%(kind)s on %(ticket)s") % {"kind": self.get_kind_display(), "ticket": self.ticket_id}


class Feedback(models.Model):
    """The requester's satisfaction rating, given once the ticket is solved."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5")]
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.rating}/5"
