from django.apps import AppConfig


class SsoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kabinet.sso"
    label = "sso"
    verbose_name = "Single sign-on: OpenID Connect identities linked to people"
