"""Email: outbound notifications over SMTP (inbound IMAP polling comes later)."""
