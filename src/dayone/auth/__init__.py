"""Accounts: users and roles, password hashing, sessions, API tokens, permission checks."""
