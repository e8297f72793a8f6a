"""``GET /api/v1/verify/?value=``: is this link, e-mail address, phone number or account ours?

Open to anyone and throttled per client address (scope ``verify``). The input is validated by its own
serializer; the verdict comes from one selector; the output is the contract's shape.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from safety import guard, presenters, selectors
from safety.verify import MAX_LENGTH, PLATFORMS, Kind, Outcome
from supportdesk.api.schema import error_responses
from supportdesk.api.throttling import LimitThrottle, ScopedRateThrottle
from supportdesk.text import reject_control_codes

LANG_PATTERN = r"^(?:en|zh-hans)$"


class VerifyRateThrottle(ScopedRateThrottle):
    """The ``verify`` rate per client address, signed in or not: the allowance protects the endpoint
    from being used to test look-alike names in bulk."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class VerifyQuerySerializer(serializers.Serializer):
    value = serializers.CharField(
        max_length=MAX_LENGTH,
        validators=[reject_control_codes],
        help_text="What to check, as pasted: a link, a host, an e-mail address, a phone number or an account "
        "(`@name`, `t.me/name`, `telegram @name`).",
    )
    lang = serializers.RegexField(
        LANG_PATTERN,
        max_length=10,
        required=False,
        error_messages={"invalid": _("Choose en or zh-hans.")},
        help_text="Language of the reason messages: `en` or `zh-hans`; defaults to the request's language.",
    )


class ChannelSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[k.value for k in Kind])
    platform = serializers.ChoiceField(
        choices=["", *(code for code, _name in PLATFORMS)], help_text="For accounts; empty otherwise."
    )
    value = serializers.CharField(help_text="Normalised: host, e-mail address, E.164 number, account name without @.")
    display = serializers.CharField(help_text="As a person should read it: `@SupportdeskHelp`, `+1 415-555-0100`.")
    label = serializers.CharField(allow_blank=True)


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code, e.g. `confusable_char`, `typo`, `userinfo`, `wrong_platform`.")
    message = serializers.CharField(help_text="The reason in plain words, in the requested language.")


class VerdictSerializer(serializers.Serializer):
    value = serializers.CharField()
    kind = serializers.ChoiceField(choices=[k.value for k in Kind])
    official = serializers.BooleanField()
    verdict = serializers.ChoiceField(choices=[o.value for o in Outcome])
    channel = ChannelSerializer(allow_null=True, help_text="The official channel it is, or the one it imitates.")
    lookalike_of = serializers.CharField(allow_null=True, help_text="The official channel imitated, as displayed.")
    reasons = ReasonSerializer(many=True)


class VerifyApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, VerifyRateThrottle]
    throttle_scope = "verify"

    @extend_schema(
        operation_id="verify_retrieve",
        parameters=[VerifyQuerySerializer],
        responses={
            200: VerdictSerializer,
            **error_responses(400, 429, e400="`value` missing, blank, too long or with control characters."),
        },
        description=(
            "Is this one of our official channels, a look-alike of one, or unknown? `official` is true only for an "
            "exact official channel (a website's subdomains included). `lookalike` names the channel imitated in "
            "`lookalike_of` and says why in `reasons`. Offline: the verdict never makes a network call."
        ),
        examples=[
            OpenApiExample(
                "A look-alike",
                response_only=True,
                value={
                    "value": "https://supportdesk.com@evil.io/",
                    "kind": "web",
                    "official": False,
                    "verdict": "lookalike",
                    "channel": {
                        "kind": "web",
                        "platform": "",
                        "value": "supportdesk.com",
                        "display": "supportdesk.com",
                        "label": "Website and help centre (and its subdomains)",
                    },
                    "lookalike_of": "supportdesk.com",
                    "reasons": [
                        {
                            "code": "userinfo",
                            "message": (
                                "The part before @ is a user name the browser ignores: this link goes to evil.io."
                            ),
                        }
                    ],
                },
            )
        ],
    )
    def get(self, request):
        query = VerifyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = selectors.channel_verdict(value=query.validated_data["value"])
        language = query.validated_data.get("lang") or translation.get_language()
        with translation.override(language):
            return Response(VerdictSerializer(presenters.verdict_payload(result)).data)


class WarningSerializer(serializers.Serializer):
    """One item of ``warnings``: what the secret guard removed (any API that stores free text)."""

    code = serializers.CharField(help_text="`secret_redacted`: the secret guard removed something.")
    kind = serializers.CharField(help_text="`seed_phrase`, `private_key`, `password` or `otp`.")
    message = serializers.CharField(help_text="What was removed and what to do now, in the request's language.")


class GuardCheckApi(APIView):
    """``POST /api/v1/guard/check/``: would the secret guard remove anything from this text?

    For the page's warning while someone types, before they send: the same rules as every edge
    (``safety.guard``), one copy. The text is read and forgotten: nothing is stored or logged.
    """

    permission_classes = [AllowAny]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, LimitThrottle]
    throttle_scope = "guard_check"

    class TextSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=10_000, allow_blank=True, trim_whitespace=False)

    class CheckSerializer(serializers.Serializer):
        warnings = WarningSerializer(many=True, help_text="Empty when nothing would go.")

    @extend_schema(
        operation_id="guard_check",
        request=TextSerializer,
        responses={200: CheckSerializer, **error_responses(400, 429)},
        description="The warnings the secret guard would give for `text` (a seed phrase, a private key, a password "
        "or a one-time code given in so many words). Nothing is stored.",
    )
    def post(self, request):
        data = self.TextSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"warnings": guard.warnings_for(guard.scan(data.validated_data["text"]).kinds, sent=False)})
