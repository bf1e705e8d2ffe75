"""From stored claims to relationships, networks, exports and pictures (plain functions over claims)."""
