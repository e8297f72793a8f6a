from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("", views.assistant_page, name="page"),
    path("handoff/", views.assistant_handoff_page, name="handoff"),
    path("new/", views.assistant_new_page, name="new"),
]
