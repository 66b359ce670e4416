from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "kabinet.operations"
    label = "operations"
    verbose_name = "Operations: health, metrics, request ids, periodic runs, backups"

    def ready(self) -> None:
        # Celery's own signals (a third-party hook, not domain flow): when each periodic task
        # last ran, and the request id carried from a request into the tasks it queues.
        from kabinet.operations import heartbeats, requestids

        heartbeats.connect()
        requestids.connect()
