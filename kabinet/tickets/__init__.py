"""Tickets, their append-only event timeline, attachments, and derived SLA columns."""
