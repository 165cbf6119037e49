"""Online-only procedures (Directive 24/CT-TTg; issue 15, item 10): the catalogue flag,
and the record of citizens helped to file them on the national portal. The sample
catalogue's residence and criminal-record procedures are marked as the demo seed marks
them, so a demo database from before this revision shows the rule too.

Revision ID: 0013_online_only
Revises: 0012_file_reuse
Create Date: 2026-12-05 00:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013_online_only'
down_revision = '0012_file_reuse'
branch_labels = None
depends_on = None

# Sample rows only (sample = 1): an office's own catalogue is its admin's to flag.
SAMPLE_ONLINE_ONLY = ('1.004194', '1.004222', '1.004227', '2.000488')


def upgrade() -> None:
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_only', sa.Boolean(), server_default='0',
                                      nullable=False))
    procedures = sa.table('procedures', sa.column('code', sa.String),
                          sa.column('sample', sa.Boolean), sa.column('online_only', sa.Boolean))
    op.execute(procedures.update()
               .where(procedures.c.code.in_(SAMPLE_ONLINE_ONLY), procedures.c.sample.is_(True))
               .values(online_only=True))
    op.create_table('assisted_filings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('procedure_code', sa.String(length=40), nullable=False),
    sa.Column('portal_code', sa.String(length=40), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=100), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.ForeignKeyConstraint(['procedure_code'], ['procedures.code'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('office_id', 'idempotency_key')
    )
    with op.batch_alter_table('assisted_filings', schema=None) as batch_op:
        batch_op.create_index('ix_assisted_filings_office_day', ['office_id', 'day'])


def downgrade() -> None:
    op.drop_table('assisted_filings')
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.drop_column('online_only')
