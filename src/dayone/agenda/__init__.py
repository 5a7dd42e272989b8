"""My week: every item that waits on a person, gathered from every mechanism.

Each mechanism package exposes ``agenda_items(session, person, now) -> list[AgendaItem]``
in its ``agenda.py`` and is named once in ``registry.PROVIDERS``; the page (/agenda), the API
(GET /api/v1/me/agenda), the CLI (`dayone agenda`) and, later, email notifications all read
``service.agenda``. An item shows only what its person may read.

Archived records: when the archive lands, each provider must leave archived records out
(an archived document's reviews, an archived decision's approvals…), in its own query.
"""
