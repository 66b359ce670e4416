"""Dashboards: SLA compliance over time, breaches by partner and line, open load by criticality."""
