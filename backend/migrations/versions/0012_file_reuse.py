"""Reuse of digitised documents (issue 14, item 6): a keyed hash of the citizen's ID number
on each stored component (never the number itself), and which earlier file a reuse took.

Revision ID: 0012_file_reuse
Revises: 0011_dossier_files
Create Date: 2026-12-04 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_file_reuse'
down_revision = '0011_dossier_files'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossier_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applicant_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('reused_from_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_dossier_files_applicant_key'), ['applicant_key'])


def downgrade() -> None:
    with op.batch_alter_table('dossier_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_files_applicant_key'))
        batch_op.drop_column('reused_from_id')
        batch_op.drop_column('applicant_key')
