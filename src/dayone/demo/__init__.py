"""The demo company, created once per workspace by `dayone demo`."""
