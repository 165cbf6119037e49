"""This database's identity: a random UUID made once, never derived from the file path
or the server's address (a copied or restored file keeps it; a new database gets another).

Revision ID: 0009_database_id
Revises: 0008_audit_chain
Create Date: 2026-11-25 09:00:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = '0009_database_id'
down_revision = '0008_audit_chain'
branch_labels = None
depends_on = None


def upgrade() -> None:
    meta = op.create_table(
        'backend_meta',
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('value', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.bulk_insert(meta, [{'key': 'database_id', 'value': uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table('backend_meta')
