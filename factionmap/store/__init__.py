"""The knowledge store: SQLAlchemy Core tables, one write path, numbered migrations (see db.py)."""
