from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "kabinet.knowledge"
    label = "knowledge"

    def ready(self) -> None:
        """A changed ticket's text is written by its action; a new ticket's by its INSERT
        (migrations 0003 and 0004), hence no ``after_register`` callback."""
        from kabinet.knowledge.indexing import index_changed_ticket
        from kabinet.tickets import hooks

        hooks.on_after_change(index_changed_ticket)
