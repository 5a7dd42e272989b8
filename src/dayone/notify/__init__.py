"""Notifications by email: each person's agenda items mailed when they arrive or in a daily
digest, as each person chooses per kind; a review invitation carries a calendar invitation.

``kinds`` names what a person chooses for; ``models`` holds the choices and the ledger of what
was sent; ``mailer`` talks SMTP (the standard library's smtplib, never on the event loop);
``calendar`` builds the .ics; ``service`` decides what to send; ``cli``, ``api`` and ``routes``
are its doors. Every subject and body is built from an AgendaItem's title and detail, which
are already safe for the person it is for.
"""
