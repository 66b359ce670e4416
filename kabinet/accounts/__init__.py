"""Accounts: sign-in (password, then the TOTP step), the TOTP second factor and a person's
profile (display time zone). The cabinets and single sign-on build on it; it imports
neither."""
