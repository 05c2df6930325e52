"""The public portal (no login) and the standing agency's publicity pages."""
