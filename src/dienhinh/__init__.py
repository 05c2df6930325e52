"""dienhinh: building and replicating advanced exemplars and typical models."""
