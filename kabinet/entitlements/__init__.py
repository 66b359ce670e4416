"""Package services with quotas, service requests that consume them, contact rules."""
