"""Channels: one module per way of reaching a person, behind ``channels.base``."""
