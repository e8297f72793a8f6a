from django.urls import path

from safety import api, views

app_name = "safety"

# The page, inside the language prefix: /<lang>/verify/
urlpatterns = [
    path("", views.verify, name="verify"),
]

# The API: /api/v1/verify/ (a plain name, like the other API routes).
api_urlpatterns = [
    path("", api.VerifyApi.as_view(), name="api-verify"),
]

# /api/v1/guard/check/: the page's warning while someone types.
guard_api_urlpatterns = [
    path("check/", api.GuardCheckApi.as_view(), name="api-guard-check"),
]
