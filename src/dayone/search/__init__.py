"""Full-text search over documents, decisions, metrics, people, teams, initiatives and experiments."""
