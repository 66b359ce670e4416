"""The phone channel: a ticket taken by phone, registered by the supplier's staff on the
caller's behalf with the call logged on it. No outbound side (nobody is phoned by Kabinet)."""
