"""Forms, exporters and charts of the registrations app."""
