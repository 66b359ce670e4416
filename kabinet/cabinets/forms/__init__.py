"""Cabinet forms, one module per topic: ``tickets`` (filing and the ticket page's acts),
``chain`` (the way on: support lines, the vendor), ``tools`` (phone call, development),
``filters`` (ticket lists and the work queue), ``people`` (roles), ``upload_places``.
They check shape and give the message next to the field; actions act. Sign-in and profile
forms are ``kabinet.accounts.forms``."""
