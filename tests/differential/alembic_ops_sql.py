"""Alembic 1.8's offline (--sql) output for a sequence of op.* calls on
PostgreSQL, each case introduced by a "-- case: NAME" line. The C++ side
(test_operation_sql_vs_alembic.cpp) builds the same operations, in the
same order, and compiles them with orm's operation_sql."""
import io

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from alembic.migration import MigrationContext
from alembic.operations import Operations

buf = io.StringIO()
ctx = MigrationContext.configure(dialect_name="postgresql", opts={"as_sql": True, "output_buffer": buf})
op = Operations(ctx)


def case(name):
    buf.write("-- case: %s\n" % name)


case("add_column with default")
op.add_column("customers", sa.Column("note", sa.String(200), nullable=False, server_default="x"))
case("add_column with foreign key")
op.add_column("orders", sa.Column("ref_id", sa.Integer, sa.ForeignKey("customers.id", ondelete="CASCADE")))
case("add_column with comment")
op.add_column("customers", sa.Column("memo", sa.Text, comment="free text"))
case("alter_column type using")
op.alter_column("customers", "code", type_=sa.Integer(), postgresql_using="code::integer", existing_type=sa.String(10))
case("alter_column everything")
op.alter_column("customers", "name", nullable=True, server_default=sa.text("'anon'"), type_=sa.String(80),
                comment="display name", new_column_name="display_name", existing_type=sa.String(50))
case("alter_column drop default")
op.alter_column("customers", "status", server_default=None)
case("alter_column set not null")
op.alter_column("orders", "total", nullable=False)
case("rename column to a reserved word")
op.alter_column("customers", "code", new_column_name="order")
case("create_index unique partial expression")
op.create_index("ix_c", "customers", ["email", sa.text("lower(status)")], unique=True,
                postgresql_where=sa.text("email IS NOT NULL"))
case("drop_index")
op.drop_index("ix_customers_name", table_name="customers")
case("create_unique_constraint named")
op.create_unique_constraint("uq_email_status", "customers", ["email", "status"])
case("create_unique_constraint unnamed")
op.create_unique_constraint(None, "customers", ["email"])
case("drop_constraint")
op.drop_constraint("uq_email_status", "customers", type_="unique")
case("create_foreign_key")
op.create_foreign_key("fk_orders_customer", "orders", "customers", ["customer_id"], ["id"], ondelete="SET NULL")
case("create_check_constraint")
op.create_check_constraint("ck_total", "orders", "total >= 0")
case("create_primary_key")
op.create_primary_key("pk_links", "links", ["a", "b"])
case("table comments")
op.create_table_comment("customers", "people who buy")
op.drop_table_comment("customers")
case("drop_column")
op.drop_column("customers", "memo")
case("rename_table")
op.rename_table("orders", "purchases")
case("create_table with enum index and comment")
op.create_table(
    "notes",
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("mood", postgresql.ENUM("low", "high", name="mood_t")),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id")),
    sa.Index("ix_notes_mood", "mood"),
    comment="notes on customers",
)
case("drop_table")
op.drop_table("notes")
case("enum types")
postgresql.ENUM("x", "y", name="level").create(op.get_bind(), checkfirst=False)
op.execute("ALTER TYPE level ADD VALUE 'z' AFTER 'y'")
postgresql.ENUM("x", "y", "z", name="level").drop(op.get_bind(), checkfirst=False)

print(buf.getvalue())
