"""The "Is this an official channel?" page: a GET form that works without JavaScript."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from safety import presenters, selectors
from safety.forms import VerifyForm


@require_GET
def verify(request):
    form = VerifyForm(request.GET if "value" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        result = presenters.verdict_view(selectors.channel_verdict(value=form.cleaned_data["value"]))
    channels = [presenters.channel_view(c) for c in selectors.official_channel_list()]
    context = {
        "form": form,
        "result": result,
        "channels_by_kind": [
            (kind, [c for c in channels if c.channel.kind == kind]) for kind in ("web", "email", "phone", "handle")
        ],
    }
    return render(request, "safety/verify.html", context)
