"""Cabinet pages, one module per area; each view parses, fetches through access_*, calls one
action or query, and renders."""
