"""Sets the "known device" cookie after a sign-in (``signin_limits``), whichever view signed in."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import signin_limits

_ATTRIBUTE = "_signed_in_account_key"


@receiver(user_logged_in, dispatch_uid="accounts.remember-device")
def _remember_sign_in(sender, request, user, **kwargs):
    if request is not None:
        setattr(request, _ATTRIBUTE, f"user:{user.pk}")


class KnownDeviceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        account = getattr(request, _ATTRIBUTE, None)
        if account is not None:
            signin_limits.remember_device(request, response, account)
        return response
