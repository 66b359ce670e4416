from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "kabinet.knowledge"
    label = "knowledge"

    def ready(self) -> None:
        from kabinet.knowledge.indexing import index_changed_ticket, index_registered_ticket
        from kabinet.tickets import hooks

        hooks.on_after_change(index_changed_ticket)
        hooks.on_after_register(index_registered_ticket)
