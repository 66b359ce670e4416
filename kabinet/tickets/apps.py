from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "kabinet.tickets"
    label = "tickets"
    verbose_name = "Tickets"
