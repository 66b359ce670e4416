from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "kabinet.tickets"
    label = "tickets"
    verbose_name = "Tickets"

    def ready(self) -> None:
        from kabinet.contracts import hooks
        from kabinet.tickets.actions.recompute_queue import queue_after_rules_changed

        hooks.on_rules_changed(queue_after_rules_changed)
