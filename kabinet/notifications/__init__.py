"""Who is told what, when: drains tickets' outbox (ticket events, SLA alerts) into deliveries
sent through ``kabinet.channels``. Not the facts to announce (tickets'), nor the channels."""
