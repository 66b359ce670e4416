"""The append-only record of who changed what in the organisation and its set-up."""
