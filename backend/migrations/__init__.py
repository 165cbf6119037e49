"""Alembic migrations, applied by backend.startup on every start.

HEAD must name the newest revision: a start on an up-to-date database then skips
importing Alembic (~200 ms of the time the clerk waits). tests/backend/test_migrations.py
fails when a new revision is added without updating it.
"""

HEAD = "0019_ticket_at_counter_index"
