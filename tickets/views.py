# Browser views: being written (see the foundation issue).
from django.http import HttpResponse


def home(request):
    return HttpResponse("Supportdesk")


my_tickets = ticket_new = ticket_detail = ticket_created = home
