from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import MeApi
from accounts.views import account
from safety.urls import api_urlpatterns as verify_api_urlpatterns
from safety.urls import guard_api_urlpatterns
from supportdesk.views import healthz
from tickets import views as ticket_views

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/me/", MeApi.as_view(), name="api-me"),
    path("api/v1/verify/", include(verify_api_urlpatterns)),
    path("api/v1/guard/", include(guard_api_urlpatterns)),
    path("api/v1/assistant/", include("assistant.api.urls")),
    path("api/v1/", include("tickets.api.urls")),
    path("api/v1/kb/", include("knowledgebase.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: the page has no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", ticket_views.home, name="home"),
    # Inside the language prefix so the page's language, not the cookie, picks the JS catalogue.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("tickets/", include("tickets.urls")),
    path("kb/", include("knowledgebase.urls")),
    # Reporting a fake channel makes a ticket: the tickets app answers it (safety imports no app above it).
    path("verify/report/", ticket_views.fake_channel_report, name="verify-report"),
    path("verify/", include("safety.urls")),
    path("accounts/", include("accounts.urls")),
    path("account/", account, name="account"),
    path("assistant/", include("assistant.urls")),
    prefix_default_language=True,
)

handler404 = "supportdesk.views.page_not_found"
handler500 = "supportdesk.views.server_error"
