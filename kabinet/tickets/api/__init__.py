"""REST endpoints of tickets: one thin view per operation over access_* and actions."""
