from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "kabinet.escalations"
    label = "escalations"

    def ready(self) -> None:
        from kabinet.escalations.mirroring import mirror_vendor_change
        from kabinet.tickets import hooks

        hooks.on_after_change(mirror_vendor_change)
