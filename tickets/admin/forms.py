"""Forms of the workspace: the reply box, the ticket actions and the bulk-action pages.
They parse input only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from supportdesk.forms import OneLineField
from tickets.exceptions import DomainError
from tickets.models import Priority, Status, Ticket, can_transition
from tickets.services import tag_name_clean

from .sidebar_choices import staff_choices


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


# The reply box's other buttons (Zendesk's "Submit as …"): the status each sets once the reply is
# sent, and what the agent is told then.
REPLY_STATUSES = {
    Status.PENDING: {
        "button": _("Send and set pending"),
        "done": _("The ticket is pending: its clocks wait for the customer."),
    },
    Status.SOLVED: {"button": _("Send and solve"), "done": _("The ticket is solved.")},
}


def reply_statuses(current: str) -> list[tuple[str, str]]:
    """(status, button label) for the statuses a reply may end in from ``current``; an agent's
    public reply opens a new ticket first."""
    after_reply = Status.OPEN if current == Status.NEW else current
    return [
        (status, str(text["button"])) for status, text in REPLY_STATUSES.items() if can_transition(after_reply, status)
    ]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 8, "id": "reply-body"})
    )
    internal = forms.BooleanField(label=_("Internal note (only agents see it)"), required=False)
    canned = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Which button sent the form: "" is plain "Send".
    then_status = forms.ChoiceField(choices=[("", "-"), *((s, s) for s in REPLY_STATUSES)], required=False)
    # The newest message the agent had on screen: anything newer from someone else is a collision.
    seen_message = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean_body(self):
        return self.cleaned_data["body"].strip()


class MergeForm(forms.Form):
    target = OneLineField(
        label=_("Merge this ticket into"),
        max_length=12,
        help_text=_("The reference of the ticket to keep, e.g. SD-7KQ2MX"),
    )

    def clean_target(self):
        return self.cleaned_data["target"].strip().upper()


class TagsForm(forms.Form):
    add = OneLineField(label=_("Add tags"), max_length=500, required=False, help_text=_("Comma-separated"))
    remove = OneLineField(max_length=50, required=False, widget=forms.HiddenInput)

    def tags_to_add(self) -> list[str]:
        return [name for name in self.cleaned_data["add"].split(",") if name.strip()]


class CustomerNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note about this customer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TierForm(ReasonForm):
    direction = forms.ChoiceField(choices=[("up", _("Escalate")), ("down", _("De-escalate"))])


class BulkAssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("me", _("Me")), ("none", _("Nobody (unassign)")), *staff_choices()]


class BulkStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)


class BulkPriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("New priority"), choices=Priority.choices)


class BulkTagForm(forms.Form):
    tags = OneLineField(label=_("Tags to add"), max_length=500, help_text=_("Comma-separated"))

    def clean_tags(self) -> list[str]:
        """The names as the tag service will store them, so a bad one is an error on this page."""
        try:
            return [tag_name_clean(name) for name in self.cleaned_data["tags"].split(",") if name.strip()]
        except DomainError as exc:
            raise forms.ValidationError(str(exc.message), code="tag") from None


class HandlingForm(forms.ModelForm):
    """The ticket page's handling fields; saved through the services by TicketAdmin.save_model."""

    class Meta:
        model = Ticket
        fields = ["status", "priority", "type", "team", "assignee"]
