"""The organization: people, teams, initiatives and their single-threaded leaders."""
