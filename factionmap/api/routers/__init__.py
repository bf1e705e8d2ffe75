"""One router per resource, each mounted under /api by create_app."""
