"""The Weekly Business Review deck, built on the metrics engine."""
