"""Who is told what, when. For now: an outbox of events to announce; channels plug in later."""
