"""Token authentication that accepts both ``Token <key>`` and ``Bearer <key>``."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication


class TokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"


class BearerAuthentication(authentication.TokenAuthentication):
    keyword = "Bearer"


class BearerScheme(OpenApiAuthenticationExtension):
    """Documents ``Bearer`` next to ``Token`` (the stock extension would name both ``tokenAuth``)."""

    target_class = BearerAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix=self.target.keyword)
