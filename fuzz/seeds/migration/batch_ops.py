"""batch operations and data

Revision ID: 3f2a
Revises: 
Create Date: 2024-01-31 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '3f2a'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.String(0x20)),
                    sa.Column('kind', sa.Enum('a', 'b', name='kind')), sa.CheckConstraint("name <> ''"))
    with op.batch_alter_table('t') as batch_op:
        batch_op.add_column(sa.Column('note', sa.Text(), server_default=sa.text("'n/a'")))
        batch_op.create_index(op.f('ix_t_name'), ['name'], unique=False)
    op.execute("ALTER TYPE kind ADD VALUE IF NOT EXISTS 'c' AFTER 'b'")
    t = sa.table('t', sa.column('id'), sa.column('name'))
    op.bulk_insert(t, [{'id': i, 'name': f'n{i}'} for i in range(3)])


def downgrade():
    with op.batch_alter_table('t') as batch_op:
        batch_op.drop_index(op.f('ix_t_name'))
        batch_op.drop_column('note')
    op.drop_table('t')
