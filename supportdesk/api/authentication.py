"""Token authentication that accepts both ``Token <key>`` and ``Bearer <key>``."""

from rest_framework import authentication


class TokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"


class BearerAuthentication(authentication.TokenAuthentication):
    keyword = "Bearer"
