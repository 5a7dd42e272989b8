"""The decision log: one-way and two-way doors, disagree and commit, revisits."""
