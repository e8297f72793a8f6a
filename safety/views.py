"""The "Is this an official channel?" page: a GET form that works without JavaScript."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from safety import presenters, selectors
from safety.forms import FakeChannelReportForm, VerifyForm


@require_GET
def verify(request):
    return verify_page(request, request.GET if "value" in request.GET else None)


def verify_page(request, query, *, report_form: FakeChannelReportForm | None = None, status: int = 200):
    """The page for ``query`` (``{"value": ...}``, or None for the empty page). Under a verdict that is
    not official, ``report_form`` (a fresh one with the value filled in unless the report page hands
    back a refused one, with the reporter's words and the errors) offers to report the channel."""
    form = VerifyForm(query) if query is not None else VerifyForm()
    result = None
    if form.is_bound and form.is_valid():
        result = presenters.verdict_view(selectors.channel_verdict(value=form.cleaned_data["value"]))
        if report_form is None and not result.verdict.official:
            report_form = FakeChannelReportForm(initial={"value": result.verdict.value})
    channels = [presenters.channel_view(c) for c in selectors.official_channel_list()]
    context = {
        "form": form,
        "result": result,
        "report_form": report_form,
        "channels_by_kind": [
            (kind, [c for c in channels if c.channel.kind == kind]) for kind in ("web", "email", "phone", "handle")
        ],
    }
    return render(request, "safety/verify.html", context, status=status)
