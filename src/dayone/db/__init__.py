"""Storage: the SQLAlchemy engine and session, and the Alembic migrations shipped
in the package (``dayone db upgrade``)."""
