from django.urls import path

from . import views

urlpatterns = [
    path("articles/", views.ArticleListApi.as_view(), name="api-kb-articles"),
    path("articles/<slug:slug>/", views.ArticleDetailApi.as_view(), name="api-kb-article-detail"),
    path("articles/<slug:slug>/feedback/", views.ArticleFeedbackApi.as_view(), name="api-kb-article-feedback"),
]
