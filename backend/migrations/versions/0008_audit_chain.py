"""Tamper-evident audit log: each office's rows chained by SHA-256 (backend/audit_chain.py);
rows written before this revision are linked in id order. One office per agency code.
Server keys (the HMAC key for ID numbers in the audit log). Retention of personal data. Per-office activation of the shared procedure catalogue.

Revision ID: 0008_audit_chain
Revises: 0007_stats_packs
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_audit_chain'
down_revision = '0007_stats_packs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_audit_log_office_seq', ['office_id', 'seq'], unique=True)
    op.create_table('audit_chain',
                    sa.Column('office_id', sa.Integer(), sa.ForeignKey('offices.id'),
                              primary_key=True),
                    sa.Column('seq', sa.Integer(), nullable=False),
                    sa.Column('hash', sa.String(length=64), nullable=False))
    _link_existing_rows()
    _one_office_per_agency_code()
    op.create_table('server_keys',
                    sa.Column('name', sa.String(length=40), primary_key=True),
                    sa.Column('value', sa.String(length=128), nullable=False))
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('personal_data_years', sa.Integer(), nullable=True))
    for table in ('dossiers', 'form_records'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('personal_data_removed_at',
                                          sa.DateTime(timezone=True), nullable=True))
    op.create_table('office_procedures',
                    sa.Column('office_id', sa.Integer(), sa.ForeignKey('offices.id'),
                              primary_key=True),
                    sa.Column('procedure_code', sa.String(length=40),
                              sa.ForeignKey('procedures.code'), primary_key=True),
                    sa.Column('active', sa.Boolean(), nullable=False))
    # Made here, once, so concurrent first requests never race to create it.
    import secrets

    keys = sa.table('server_keys', sa.column('name', sa.String), sa.column('value', sa.String))
    op.execute(keys.insert().values(name='identity-subject-v1', value=secrets.token_hex(32)))


def _one_office_per_agency_code() -> None:
    bind = op.get_bind()
    shared = bind.execute(sa.text(
        "SELECT agency_code, COUNT(*) FROM offices GROUP BY agency_code HAVING COUNT(*) > 1"
    )).all()
    if shared:
        codes = ", ".join(f"{code} ({n} cơ quan)" for code, n in shared)
        raise RuntimeError(
            "Nhiều cơ quan đang dùng chung mã cơ quan, nên dùng chung một dãy số hồ sơ: "
            f"{codes}. Sửa mã của các cơ quan đó (admin office set agency_code ...) "
            "bằng phiên bản trước rồi nâng cấp lại.")
    op.create_index('uq_offices_agency_code', 'offices', ['agency_code'], unique=True)


def _link_existing_rows() -> None:
    from types import SimpleNamespace

    from backend.audit_chain import FIELDS, GENESIS, link

    bind = op.get_bind()
    log = sa.table('audit_log', sa.column('id', sa.Integer), sa.column('seq', sa.Integer),
                   sa.column('hash', sa.String), sa.column('at', sa.DateTime),
                   sa.column('office_id', sa.Integer), sa.column('user_id', sa.Integer),
                   sa.column('action', sa.String), sa.column('code', sa.String),
                   sa.column('detail', sa.JSON), sa.column('ip', sa.String),
                   sa.column('request_id', sa.String))
    chain = sa.table('audit_chain', sa.column('office_id', sa.Integer),
                     sa.column('seq', sa.Integer), sa.column('hash', sa.String))
    heads: dict[int, tuple[int, str]] = {}
    rows = bind.execute(sa.select(log.c.id, *[log.c[f] for f in FIELDS if f != 'seq'])
                        .order_by(log.c.id)).mappings().all()
    for r in rows:
        seq, prev = heads.get(r['office_id'], (0, GENESIS))
        row = SimpleNamespace(**{k: r[k] for k in FIELDS if k != 'seq'}, seq=seq + 1)
        digest = link(prev, row)
        bind.execute(log.update().where(log.c.id == r['id']).values(seq=seq + 1, hash=digest))
        heads[r['office_id']] = (seq + 1, digest)
    for office_id, (seq, digest) in heads.items():
        bind.execute(chain.insert().values(office_id=office_id, seq=seq, hash=digest))


def downgrade() -> None:
    op.drop_table('office_procedures')
    for table in ('dossiers', 'form_records'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('personal_data_removed_at')
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_column('personal_data_years')
    op.drop_table('server_keys')
    op.drop_index('uq_offices_agency_code', table_name='offices')
    op.drop_table('audit_chain')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_office_seq')
        batch_op.drop_column('hash')
        batch_op.drop_column('seq')
