"""Who is at a counter now, read on every call (issue 16): a partial index of the tickets
called or being served, so the check does not scan years of a province's tickets.

Revision ID: 0019_ticket_at_counter_index
Revises: 0018_ticket_order_index
Create Date: 2026-12-05 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019_ticket_at_counter_index'
down_revision = '0018_ticket_order_index'
branch_labels = None
depends_on = None

WHERE = "status IN ('called', 'serving')"


def upgrade() -> None:
    op.create_index('ix_tickets_at_counter', 'tickets', ['office_id', 'counter_id'],
                    sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))


def downgrade() -> None:
    op.drop_index('ix_tickets_at_counter', table_name='tickets')
