"""Analyst queries over the store: names, relation, actor, ask, path, timeline, coalitions, changes."""
