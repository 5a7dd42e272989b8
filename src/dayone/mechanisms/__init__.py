"""Mechanisms: recurring practices, their adoption and their inspection."""
