"""The Telegram channel's URLs: the bot's webhook and the linking page."""

from django.urls import path

from kabinet.channels.telegram import views

app_name = "telegram"

urlpatterns = [
    path("<id:bot_id>/webhook", views.webhook, name="webhook"),
    path("link/", views.link_page, name="link"),
    path("link/<id:bot_id>/code/", views.issue_code, name="issue_code"),
    path("link/<id:bot_id>/unlink/", views.unlink, name="unlink"),
]
