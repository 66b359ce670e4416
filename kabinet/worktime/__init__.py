"""Business-time arithmetic over working calendars (pure Python, no Django).

``Calendar`` is the whole public surface: build one from a spec, then ``add``,
``between``, ``is_working``, ``next_working``, ``intervals`` and their bulk forms.
"""

from kabinet.worktime.calendar import Calendar

__all__ = ["Calendar"]
