"""Who is told what, when: the outbox of ticket events, SLA alerts, and deliveries sent
through ``kabinet.channels``. Not the channels themselves."""
