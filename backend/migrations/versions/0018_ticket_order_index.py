"""call-next reads the head of each class in calling order (issue 16): an index in that
order, so the work does not grow with the queue.

Revision ID: 0018_ticket_order_index
Revises: 0017_dossier_counter
Create Date: 2026-12-05 02:00:00
"""

from __future__ import annotations

from alembic import op

revision = '0018_ticket_order_index'
down_revision = '0017_dossier_counter'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_tickets_order', 'tickets',
                    ['office_id', 'day', 'status', 'issued_at', 'id'])


def downgrade() -> None:
    op.drop_index('ix_tickets_order', table_name='tickets')
