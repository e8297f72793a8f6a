from django.urls import path

from . import views

urlpatterns = [
    path("", views.AssistantMessageApi.as_view(), name="api-assistant"),
    path("<str:conversation>/", views.ConversationApi.as_view(), name="api-assistant-conversation"),
    path("<str:conversation>/handoff/", views.ConversationHandoffApi.as_view(), name="api-assistant-handoff"),
    path("<str:conversation>/messages/", views.ConversationMessagesApi.as_view(), name="api-assistant-messages"),
    path("<str:conversation>/feedback/", views.ConversationFeedbackApi.as_view(), name="api-assistant-feedback"),
]
