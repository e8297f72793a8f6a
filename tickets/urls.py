from django.urls import path

from . import follow_views, views

app_name = "tickets"

# <reference> is matched loosely on purpose: the permission selector answers 404 for anything
# that is not a ticket this visitor may see, so a malformed reference and a foreign one look alike.
urlpatterns = [
    path("", views.my_tickets, name="mine"),
    path("new/", views.ticket_new, name="new"),
    path("freeze/", views.emergency_freeze, name="freeze"),
    path("freeze/requested/", views.freeze_requested, name="freeze_requested"),
    path("<str:reference>/", views.ticket_detail, name="detail"),
    path("<str:reference>/created/", views.ticket_created, name="created"),
    path("<str:reference>/rating/", follow_views.ticket_rating, name="rating"),
    path("<str:reference>/updates/", follow_views.ticket_updates, name="updates"),
]
