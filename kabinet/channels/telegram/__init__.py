"""The Telegram channel: a bot per supplier through which linked people file, answer, send
files, accept solutions and rate, and through which they hear the supplier (outbound)."""
