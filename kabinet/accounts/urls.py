"""Sign-in, sign-out and the profile page. Included by ``kabinet.cabinets.urls`` inside its
``cabinets`` namespace, so the names stay ``cabinets:login``, ``cabinets:account`` ..."""

from django.contrib.auth.views import LogoutView
from django.urls import path

from kabinet.accounts import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.login_totp, name="login_totp"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/time-zone/", views.set_time_zone, name="set_time_zone"),
    path("account/totp/begin/", views.totp_begin, name="totp_begin"),
    path("account/totp/confirm/", views.totp_confirm, name="totp_confirm"),
    path("account/totp/disable/", views.totp_disable, name="totp_disable"),
    path("account/totp/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/password/", views.PasswordChange.as_view(), name="password_change"),
    path("account/sessions/end/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path(
        "password/reset/<str:uidb64>/<str:token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
]
