"""Dossier codes as the law writes them now (issue 15 item 7): the resolving agency of a
procedure, and agency e-IDs with the days they are valid (codes closed by the 2025
mergers still parse; new dossiers take the successor).

Revision ID: 0016_agency_codes
Revises: 0015_reception_sessions
Create Date: 2026-12-05 01:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016_agency_codes'
down_revision = '0015_reception_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'agency_codes',
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=True),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('successor', sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint('code'),
    )
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agency_code', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.drop_column('agency_code')
    op.drop_table('agency_codes')
