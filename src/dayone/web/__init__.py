"""The web face: server-rendered pages and the JSON API under /api/v1."""
