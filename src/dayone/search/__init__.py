"""Full-text search over documents, decisions, metrics, people, teams and initiatives."""
