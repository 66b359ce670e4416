"""Django's SQLite backend with the database file private to the service's user and
Kabinet's SQL functions on every connection."""
