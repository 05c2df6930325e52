"""Pages of the registrations app: candidates, registrations, exemplars, the quota dashboard."""
