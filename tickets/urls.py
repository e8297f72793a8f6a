from django.urls import path

from . import views
from .models import REFERENCE_REGEX  # noqa: F401  (documented shape of <reference>)

app_name = "tickets"

urlpatterns = [
    path("", views.my_tickets, name="mine"),
    path("new/", views.ticket_new, name="new"),
    path("<str:reference>/", views.ticket_detail, name="detail"),
    path("<str:reference>/created/", views.ticket_created, name="created"),
]
