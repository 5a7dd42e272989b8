"""The metrics engine: pure; it imports nothing from the web or the command line."""
