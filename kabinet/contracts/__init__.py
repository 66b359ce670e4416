"""Packages (SLA targets, channels, intake rules) and contracts binding customer to supplier."""
