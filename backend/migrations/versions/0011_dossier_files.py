"""Digitised document components of a dossier (issue 14): what each file is; the files
themselves live outside the database, encrypted, by their SHA-256.

Revision ID: 0011_dossier_files
Revises: 0010_totp
Create Date: 2026-12-04 23:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_dossier_files'
down_revision = '0010_totp'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dossier_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('component', sa.String(length=300), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('signer', sa.String(length=200), nullable=False),
    sa.Column('exempt_reason', sa.Text(), nullable=True),
    sa.Column('digitised_by_id', sa.Integer(), nullable=False),
    sa.Column('digitised_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], ),
    sa.ForeignKeyConstraint(['digitised_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dossier_id', 'component')
    )
    with op.batch_alter_table('dossier_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_files_dossier_id'), ['dossier_id'])
        batch_op.create_index(batch_op.f('ix_dossier_files_office_id'), ['office_id'])
        batch_op.create_index(batch_op.f('ix_dossier_files_sha256'), ['sha256'])


def downgrade() -> None:
    op.drop_table('dossier_files')
