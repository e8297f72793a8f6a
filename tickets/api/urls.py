from django.urls import path

from . import reports, views

urlpatterns = [
    path("tickets/", views.TicketListCreateApi.as_view(), name="api-tickets"),
    path("tickets/<str:reference>/", views.TicketDetailApi.as_view(), name="api-ticket-detail"),
    path("tickets/<str:reference>/messages/", views.TicketMessageCreateApi.as_view(), name="api-ticket-messages"),
    path(
        "tickets/<str:reference>/screenshots/", views.TicketScreenshotCreateApi.as_view(), name="api-ticket-screenshots"
    ),
    path("tickets/<str:reference>/feedback/", views.TicketFeedbackApi.as_view(), name="api-ticket-feedback"),
    path("emergency/freeze/", views.EmergencyFreezeApi.as_view(), name="api-emergency-freeze"),
    path("verify/report/", reports.FakeChannelReportApi.as_view(), name="api-verify-report"),
    path("ticket-types/", views.TicketTypeListApi.as_view(), name="api-ticket-types"),
    path("screenshots/<uuid:public_id>/", views.ScreenshotFileApi.as_view(), name="screenshot"),
]
