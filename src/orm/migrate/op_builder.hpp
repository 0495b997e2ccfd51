// Alembic's op.* calls as MigrationOps: the arguments a revision passed (the
// interpreter's values, converted to declarative values by the Bridge, so a
// sa.Column means the same in a revision as in a models file) checked as
// Alembic checks them and turned into the operation vocabulary
// (operations.hpp). Errors are InputErrors at the call, raised when the call
// runs: a revision whose downgrade() holds an operation that cannot work is
// read and upgraded without complaint, as under Alembic.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "orm/declarative/reader.hpp"
#include "orm/migrate/operations.hpp"

namespace orm::migrate {

class OpBuilder {
public:
    // `r` evaluates SQLAlchemy constructs; op.create_table's tables are built
    // on its MetaData `metadata` and taken off it again. `conventional`
    // holds the names given through op.f() (written back the same way).
    OpBuilder(declarative::Reader& r, int metadata, const std::set<std::string>& conventional)
        : r_(r), metadata_(metadata), conventional_(conventional) {}

    // op.<name>(args); with `batch`, batch_op.<name>(args) on that table
    // (the table argument left out, as Alembic's BatchOperations take them).
    MigrationOp build(const std::string& name, declarative::Args a, SourceLocation loc,
                      const TableRef* batch = nullptr);
    // The operations build() knows (op.* names), and those a batch block takes.
    static bool known(const std::string& name);
    static bool known_in_batch(const std::string& name);

    // op.bulk_insert(table, rows): `rows` a list of dicts of literals.
    BulkInsertOp bulk_insert(const TableRef& table, const declarative::Value& rows, SourceLocation loc);
    // op.execute(sql) of a string or text(): ALTER TYPE ... ADD VALUE reads as
    // an add_enum_value operation (replay follows it), anything else runs as is.
    MigrationOp execute(const std::string& sql, SourceLocation loc);

private:
    declarative::Reader& r_;
    int metadata_;
    const std::set<std::string>& conventional_;

    [[noreturn]] void fail(const std::string& message, const SourceLocation& loc) const;
    MigrationOp table_op(const std::string& name, const declarative::Args& a, SourceLocation loc);
    MigrationOp column_op(const std::string& name, const declarative::Args& a, SourceLocation loc);
    MigrationOp index_op(const std::string& name, const declarative::Args& a, SourceLocation loc);
    MigrationOp constraint_op(const std::string& name, const declarative::Args& a, SourceLocation loc);
    MigrationOp create_table(const declarative::Args& a, SourceLocation loc);
    MigrationOp alter_column(const declarative::Args& a, SourceLocation loc);

    void check_keywords(const declarative::Args& a, const std::string& op,
                        std::initializer_list<const char*> known) const;
    const declarative::Value& need(const declarative::Args& a, const std::string& name, size_t index,
                                   const std::string& op, SourceLocation loc) const;
    std::string str(const declarative::Args& a, const std::string& name, size_t index, const std::string& op,
                    SourceLocation loc) const;
    std::optional<std::string> opt_str(const declarative::Args& a, const std::string& name, size_t index) const;
    std::optional<bool> opt_bool(const declarative::Args& a, const std::string& name, size_t index) const;
    std::vector<std::string> names(const declarative::Value& v, const std::string& what) const;
    std::optional<std::string> deferrable(const declarative::Args& a) const;
    TableRef table_ref(const declarative::Args& a, const std::string& name, size_t index, const std::string& op,
                       SourceLocation loc, const char* schema_kw = "schema") const;
    schema::ClausePtr sql_clause(const declarative::Value& v, const std::string& what);
    std::optional<schema::ClausePtr> server_default(const declarative::Args& a, const std::string& name);
    std::optional<std::optional<std::string>> comment(const declarative::Args& a, const std::string& name,
                                                      size_t index) const;
    void mark_conventional(std::optional<std::string>& name, bool& conventional) const;
    void mark_table_names(schema::Table& t) const;
    void parse_target(const std::string& spec, SourceLocation loc, std::optional<std::string>& schema_name,
                      std::string& table, std::string& column) const;
    schema::ForeignKeyConstraint column_foreign_key(const declarative::ForeignKeyDecl& f, const std::string& column) const;
};

// A literal value of a bulk_insert row or an inline_literal as a clause
// (String/Number/True/False/Null); nullptr for anything else.
schema::ClausePtr literal_clause(const declarative::Value& v);

// A SQL expression of a revision (sa.column('x') >= 0), its columns named as written.
schema::ClausePtr written_clause(const declarative::SqlNode& n);

}  // namespace orm::migrate
