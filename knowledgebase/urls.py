from django.urls import path

from . import views

app_name = "kb"

urlpatterns = [
    path("a/<slug:slug>/", views.article_detail, name="article"),
    path("a/<slug:slug>/feedback/", views.article_feedback, name="article-feedback"),
    path("<slug:category>/", views.category_detail, name="category"),
]
