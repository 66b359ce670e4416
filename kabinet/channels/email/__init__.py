"""Email: outbound notifications over SMTP (``outbound``) and inbound mail taken from IMAP
mailboxes into tickets (``intake`` and the modules it names); Django app label ``mail``."""
