"""REST API plumbing shared by every app's api.py: auth, errors, pagination, schema, URLs."""
