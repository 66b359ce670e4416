from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kabinet.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from kabinet.api import schema  # noqa: F401  (registers the auth scheme extension)
