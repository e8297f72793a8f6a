"""The ticket page: the change view rendered as a conversation with the reply box, canned
responses, actions, facts, timeline and customer panel, and the small POST views behind each
action. Every write calls a service; each action redirects (POST/redirect/GET), so a reload never
repeats one: back to the ticket while the agent may still see it, else to their queue with where
the ticket went (``_leave``). Mixed into ``TicketAdmin`` (``tickets.admin.tickets``)."""

import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.names import display_name
from tickets import canned, presence, selectors, services
from tickets.display import SlaPhrases, reference_name, sla_display
from tickets.exceptions import DomainError
from tickets.models import STATUS_TRANSITIONS, Message, Ticket
from tickets.timeline import event_change_text

from . import kb_draft, reports, sidebar_choices
from .forms import REPLY_STATUSES, CustomerNoteForm, MergeForm, ReplyForm, TagsForm, TierForm, reply_statuses
from .ids import parse_id

DRAFT_SESSION_KEY = "workspace-drafts"
# Where a ticket went when an action took it out of the agent's sight, by the action that did it.
MOVED = gettext_lazy("%(reference)s is now with %(team)s")
ESCALATED = gettext_lazy("%(reference)s escalated to %(team)s")
DEESCALATED = gettext_lazy("%(reference)s de-escalated to %(team)s")
OUT_OF_SIGHT = gettext_lazy("%(reference)s is no longer in your queue")


class TicketPageMixin:
    def get_object(self, request, object_id, from_field=None):
        # The ticket with what the page shows of its relations, if this user may see it.
        # Remembered for the request: change_view asks once for its context, then again itself.
        pk = parse_id(object_id)
        if pk is None:
            return None
        loaded = request.__dict__.setdefault("_workspace_tickets", {})
        if pk not in loaded:
            loaded[pk] = selectors.agent_ticket(request.user, pk)
        return loaded[pk]

    # -- the ticket page ---------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view

        def route(suffix, view, name):
            return path(f"<path:object_id>/{suffix}/", wrap(view), name="{}_{}_{}".format(*info, name))

        return [
            path("reports/", wrap(self.reports_view), name="{}_{}_reports".format(*info)),
            path("reports/export/", wrap(self.reports_export_view), name="{}_{}_reports_export".format(*info)),
            route("kb-draft", self.kb_draft_view, "kb_draft"),
            route("reply", self.reply_view, "reply"),
            route("assign-me", self.assign_me_view, "assign_me"),
            route("tier", self.tier_view, "tier"),
            route("merge", self.merge_view, "merge"),
            route("tags", self.tags_view, "tags"),
            route("customer-note", self.customer_note_view, "customer_note"),
            route("revoke-links", self.revoke_links_view, "revoke_links"),
            route("activity", self.activity_view, "activity"),
            *super().get_urls(),
        ]

    def reports_view(self, request):
        return reports.reports_view(request)

    def reports_export_view(self, request):
        return reports.reports_export_view(request)

    def kb_draft_view(self, request, object_id):
        return kb_draft.article_from_ticket_view(request, object_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = selectors.staff_assignable()
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = display_name  # names, as the queue and its filter show them
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "status" in form.base_fields and obj is not None:
            allowed = {obj.status, *STATUS_TRANSITIONS[obj.status]}
            form.base_fields["status"].choices = [c for c in form.base_fields["status"].choices if c[0] in allowed]
        return form

    def save_model(self, request, obj, form, change):
        """Route each changed handling field through its service instead of a raw save."""
        operations = {
            "status": lambda t: services.ticket_change_status(ticket=t, actor=request.user, status=obj.status),
            "priority": lambda t: services.ticket_set_priority(ticket=t, actor=request.user, priority=obj.priority),
            "type": lambda t: services.ticket_set_type(ticket=t, actor=request.user, ticket_type=obj.type),
            "assignee": lambda t: services.ticket_assign(ticket=t, actor=request.user, assignee=obj.assignee),
            "team": lambda t: services.ticket_set_team(ticket=t, actor=request.user, team=obj.team),
        }
        current = Ticket.objects.get(pk=obj.pk)
        for name in form.changed_data:
            if name in operations:
                try:
                    current = operations[name](current)
                except DomainError as exc:
                    self.message_user(request, str(exc.message), messages.ERROR)

    def save_related(self, request, form, formsets, change):
        pass  # tags change through their own action (and service), never through this form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Without the admin's wrapping transaction: each field saves through its service, which is
        # a durable transaction of its own (and locks the ticket only for that change).
        return self._changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        ticket = self.get_object(request, object_id)
        if ticket is None or not self.has_view_permission(request, ticket):
            return super().change_view(request, object_id, form_url, extra_context)
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), **self._page(request, ticket)}
        )

    def _page(self, request, ticket) -> dict:
        """Everything the ticket page shows beside the handling form; a fixed number of queries."""
        user, now = request.user, timezone.now()
        presence.presence_touch(ticket_id=ticket.pk, user=user, now=time.time())
        thread = list(selectors.ticket_thread(ticket=ticket))
        seen = max((m.pk for m in thread), default=0)
        drafts = request.session.get(DRAFT_SESSION_KEY, {})
        draft = drafts.pop(str(ticket.pk), None)
        if draft is not None:
            request.session[DRAFT_SESSION_KEY] = drafts
        responses = list(selectors.canned_responses_for(ticket=ticket, agent=user))
        timeline = selectors.ticket_timeline(ticket=ticket)
        values = canned.placeholder_values(ticket=ticket, agent=user)
        people = sidebar_choices.snapshot.get().by_username
        return {
            "ticket": ticket,
            "thread": thread,
            "attachments": list(selectors.ticket_attachments(ticket=ticket)),
            "timeline": [(event, event_change_text(event.before, event.after, people=people)) for event in timeline],
            "tags": list(ticket.tags.order_by("name")),
            "sla": sla_display(ticket, now=now),
            "sla_phrases": SlaPhrases().countdown_formats(),
            "sla_policy_name": reference_name(ticket.sla_policy) if ticket.sla_policy_id else "",
            "customer": selectors.customer_profile(ticket=ticket, user=user),
            "canned_responses": [
                {"id": r.pk, "title": r.agent_title, "body": canned.render(r.body, values)} for r in responses
            ],
            "reply_statuses": reply_statuses(ticket.status),
            "reply_form": ReplyForm(
                initial={
                    "seen_message": seen,
                    "body": (draft or {}).get("body", ""),
                    "internal": bool(draft and draft.get("internal")),
                }
            ),
            "tier_form": TierForm(),
            "merge_form": MergeForm(),
            "tags_form": TagsForm(),
            "note_form": CustomerNoteForm(),
            "other_viewers": presence.other_viewers(ticket_id=ticket.pk, user=user, now=time.time()),
            "poll_seconds": presence.POLL_SECONDS,
            "seen_message": seen,
            "can_draft_article": user.has_perm("knowledgebase.add_article"),
            "merged": list(ticket.merged.only("reference", "title")),
        }

    def _ticket_or_404(self, request, object_id) -> Ticket:
        ticket = self.get_object(request, object_id)
        if ticket is None or not self.has_change_permission(request, ticket):
            raise Http404
        return ticket

    def _back(self, ticket, anchor=""):
        """Back to the ticket, for an action that changed nothing."""
        return HttpResponseRedirect(reverse("admin:tickets_ticket_change", args=[ticket.pk]) + anchor)

    def _leave(self, request, ticket, success, *, anchor="", moved=MOVED):
        """Where an action that changed ``ticket`` leaves the agent: on its page while they may still
        see it (with ``success``); otherwise in their queue, told where it went (``moved``, with the
        team named in the agent's language), because its page would now answer 404."""
        current = Ticket.objects.select_related("team").filter(pk=ticket.pk).first()
        if current is not None and selectors.agent_may_see(request.user, current):
            if success:
                self.message_user(request, success, messages.SUCCESS)
            return self._back(current, anchor)
        reference = current.reference if current is not None else ticket.reference
        if current is not None and current.team_id:
            text = moved % {"reference": reference, "team": current.team.name}
        else:
            text = OUT_OF_SIGHT % {"reference": reference}
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:tickets_ticket_changelist"))

    def _run(self, request, operation) -> bool:
        """Run a service call; a refusal becomes an error message."""
        try:
            operation()
        except DomainError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
            return False
        return True

    @staticmethod
    def _form_errors(request, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)

    def reply_view(self, request, object_id):
        """Send a public reply or add an internal note, then set the status the button asked for
        ("Send and solve"): one decision, one submit. If someone else wrote on the ticket after the
        agent loaded the page, nothing is sent: the draft is kept and the page shows what is new."""
        if request.method != "POST":
            raise Http404
        ticket = self._ticket_or_404(request, object_id)
        form = ReplyForm(request.POST)
        if not form.is_valid():
            self._form_errors(request, form)
            return self._back(ticket, "#reply")
        data = form.cleaned_data
        body, internal = data["body"], data["internal"]
        if "insert" in request.POST:  # without JavaScript, "Insert" adds the canned text to the draft
            _keep_draft(request, ticket, _with_canned(request, ticket, body, data["canned"]), internal)
            return self._back(ticket, "#reply")
        if not body:
            messages.error(request, _("Write a reply first."))
            return self._back(ticket, "#reply")
        if _someone_wrote_since(ticket, data["seen_message"], request.user):
            _keep_draft(request, ticket, body, internal)
            messages.warning(
                request,
                _("Not sent: someone wrote on this ticket after you opened it. Read the new message, then send again."),
            )
            return self._back(ticket, "#reply")
        if not self._run(
            request, lambda: services.ticket_reply(ticket=ticket, author=request.user, body=body, internal=internal)
        ):
            _keep_draft(request, ticket, body, internal)
            return self._back(ticket, "#reply")
        sent = _("Internal note added.") if internal else _("Reply sent to the customer.")
        status = data["then_status"]
        if status and self._run(
            request, lambda: services.ticket_change_status(ticket=ticket, actor=request.user, status=status)
        ):
            sent = f"{sent} {REPLY_STATUSES[status]['done']}"
        return self._leave(request, ticket, sent, anchor="#reply")

    def assign_me_view(self, request, object_id):
        return self._post_action(
            request,
            object_id,
            lambda ticket, _post: services.ticket_assign(ticket=ticket, actor=request.user, assignee=request.user),
            _("The ticket is yours."),
        )

    def tier_view(self, request, object_id):
        up = request.POST.get("direction") == "up"

        def operation(ticket, post):
            form = TierForm(post)
            if not form.is_valid():
                raise DomainError(_("Say why (a reason is required)."), field="reason")
            move = services.ticket_escalate if up else services.ticket_deescalate
            move(ticket=ticket, actor=request.user, reason=form.cleaned_data["reason"])

        return self._post_action(
            request, object_id, operation, _("Tier changed."), moved=ESCALATED if up else DEESCALATED
        )

    def merge_view(self, request, object_id):
        def operation(ticket, post):
            form = MergeForm(post)
            if not form.is_valid():
                raise DomainError(_("Give the reference of the ticket to keep."), field="target")
            try:
                target = selectors.ticket_get_for_user(reference=form.cleaned_data["target"], user=request.user)
            except Http404:
                raise DomainError(_("No ticket you can see has that reference."), field="target") from None
            return services.ticket_merge(source=ticket, target=target, actor=request.user)

        return self._post_action(request, object_id, operation, _("Merged."), follow_result=True)

    def tags_view(self, request, object_id):
        def operation(ticket, post):
            form = TagsForm(post)
            if not form.is_valid():
                raise DomainError(_("Tags are comma-separated words."), field="tags")
            remove = [form.cleaned_data["remove"]] if form.cleaned_data["remove"] else []
            services.ticket_tags_change(ticket=ticket, actor=request.user, add=form.tags_to_add(), remove=remove)

        return self._post_action(request, object_id, operation, _("Tags saved."))

    def customer_note_view(self, request, object_id):
        def operation(ticket, post):
            form = CustomerNoteForm(post)
            if not form.is_valid():
                raise DomainError(_("A note holds 1 to 2,000 characters."), field="body")
            services.customer_note_add(ticket=ticket, body=form.cleaned_data["body"], author=request.user)

        return self._post_action(request, object_id, operation, _("Note saved."))

    def revoke_links_view(self, request, object_id):
        return self._post_action(
            request,
            object_id,
            lambda ticket, _post: services.ticket_guest_links_revoke(ticket=ticket, actor=request.user),
            _("The guest links of this ticket no longer work. The next e-mail to the customer carries a new one."),
        )

    def _post_action(self, request, object_id, operation, success, follow_result=False, moved=MOVED):
        if request.method != "POST":
            raise Http404
        ticket = self._ticket_or_404(request, object_id)
        result = {}

        def run():
            result["value"] = operation(ticket, request.POST)

        if not self._run(request, run):
            return self._back(ticket)
        if follow_result and isinstance(result.get("value"), Ticket):
            ticket = result["value"]
        return self._leave(request, ticket, success, moved=moved)

    def response_change(self, request, obj):
        """After the handling form: a team or assignee change may take the ticket out of this
        agent's sight, and "Save and continue editing" would then land on a 404."""
        current = Ticket.objects.filter(pk=obj.pk).first()
        if current is not None and selectors.agent_may_see(request.user, current):
            return super().response_change(request, obj)
        return self._leave(request, obj, None)

    def activity_view(self, request, object_id):
        """Polled by the ticket page: who else has it open, and whether anyone wrote since ``since``."""
        ticket = self.get_object(request, object_id)
        if ticket is None or not self.has_view_permission(request, ticket):
            raise PermissionDenied
        since = parse_id(request.GET.get("since", "")) or 0
        now = time.time()
        presence.presence_touch(ticket_id=ticket.pk, user=request.user, now=now)
        newer = list(
            Message.objects.filter(ticket=ticket, pk__gt=since)
            .exclude(author=request.user)
            .order_by("pk")
            .values_list("author_role", "internal")[:20]
        )
        return JsonResponse(
            {
                "viewers": presence.other_viewers(ticket_id=ticket.pk, user=request.user, now=now),
                "new_messages": len(newer),
                "new_customer_messages": sum(1 for role, _internal in newer if role == Message.AuthorRole.CUSTOMER),
            }
        )


def _with_canned(request, ticket, body: str, canned_id) -> str:
    """The draft with a canned response added (offered for this ticket and agent only)."""
    responses = selectors.canned_responses_for(ticket=ticket, agent=request.user)
    response = responses.filter(pk=canned_id).first() if canned_id else None
    if response is None:
        return body
    text = canned.render(response.body, canned.placeholder_values(ticket=ticket, agent=request.user))
    return f"{body}\n\n{text}" if body else text


def _someone_wrote_since(ticket, seen_message: int, user) -> bool:
    newer = Message.objects.filter(ticket=ticket, pk__gt=seen_message).exclude(author=user)
    return newer.aggregate(latest=Max("pk"))["latest"] is not None


def _keep_draft(request, ticket, body, internal) -> None:
    drafts = request.session.get(DRAFT_SESSION_KEY, {})
    drafts[str(ticket.pk)] = {"body": body, "internal": bool(internal)}
    request.session[DRAFT_SESSION_KEY] = drafts
