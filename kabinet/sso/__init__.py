"""OpenID Connect single sign-on for the web cabinets, active only when configured.

Links an identity provider's identity to an existing Person; it manages no people itself.
"""
