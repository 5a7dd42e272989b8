"""The archive: destructive actions that can be undone.

Documents, initiatives, teams, decisions and metrics are archived instead of deleted:
they leave every list and lookup (a link to one says it is archived), stay in the
audit log, and an admin or their owner restores them. Removal for good (purge) is a
separate admin action, on archived records only, that says what goes with the record
or refuses while other records depend on it.
"""
