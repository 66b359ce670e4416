from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "kabinet.tickets"
    label = "tickets"
    verbose_name = "Tickets"

    def ready(self) -> None:
        from kabinet.contracts import hooks
        from kabinet.tickets.actions.recompute import recompute_after_rules_changed

        hooks.on_rules_changed(recompute_after_rules_changed)
