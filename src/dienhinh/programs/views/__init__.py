"""Program pages: reading (pages.py) and copying/editing (editing.py)."""
