"""Single sign-on URLs, mounted under /sso/."""

from django.urls import path

from kabinet.sso import views

app_name = "sso"

urlpatterns = [
    path("login/", views.begin, name="begin"),
    path("callback/", views.callback, name="callback"),
]
