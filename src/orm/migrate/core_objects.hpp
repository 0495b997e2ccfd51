// SQLAlchemy Core as revisions use it on a connection: tables
// (sa.table(), sa.Table() with declared or reflected columns), their
// columns and the expressions made of them. Each expression keeps two
// views: a tree of its own, whose Python values are bound when the
// statement is compiled by the sql layer (core_compile.cpp), and the
// declarative value the same expression is in a models file (for the
// operations that take one: create_check_constraint, postgresql_where).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "orm/declarative/bridge.hpp"
#include "orm/engine/engine.hpp"
#include "orm/migrate/script_runtime_impl.hpp"
#include "orm/sql/expression.hpp"

namespace orm::migrate::core {

namespace py = orm::python;

class ColumnObject;

// A table's data: its schema::Table (what statements compile against) and
// one column object per column.
struct TableData {
    schema::Table table;
    std::vector<py::Ref<ColumnObject>> columns;
    // Declared with sa.table() (a TableClause: SQLAlchemy names its columns
    // unqualified in some places) rather than sa.Table().
    bool clause = false;
};

// A node of a Core expression tree.
struct Node;
using NodePtr = std::shared_ptr<const Node>;
struct Node {
    enum class Kind {
        Column,    // `column` (its table may be null: sa.column('x') alone)
        Value,     // a Python value, bound when compiled (`type` from what it is compared with)
        Text,      // text(): `text`, bound parameters in `args` named by `name`
        Binary,    // args[0] op args[1]
        Unary,     // op args[0]
        BoolList,  // args joined by op (AND / OR)
        Function,  // op(args)
        Label,     // args[0] AS name
        Ordering,  // args[0] op (DESC/ASC)
        InList,    // args[0] op (args[1..])
        Between,   // args[0] op args[1] AND args[2]
        Case,      // CASE WHEN args[0] THEN args[1] ... [ELSE last] (op "else" when there is one)
        Cast,      // CAST(args[0] AS type)
        Null, True, False, Star,
        Sql,       // a declarative SQL expression (sa.func.now(), a models-style column): `decl`
        Param,     // bindparam('name'): its value from the execution's parameters (else `value`)
    };
    Kind kind = Kind::Null;
    std::string op;
    std::string name;
    std::vector<NodePtr> args;
    py::Value value;                           // Value
    py::Ref<ColumnObject> column;              // Column
    std::shared_ptr<schema::TypeEngine> type;  // Cast; a Value's type_=
    declarative::Value decl;                   // Sql
};

// A column: to declarative code the Column it stands for (sa.column('x',
// sa.Integer) in a check constraint), to Core an expression.
class ColumnObject : public declarative::SaObject {
public:
    ColumnObject(ScriptRuntime::Impl& rt, declarative::Value v);
    ~ColumnObject() override;
    ScriptRuntime::Impl& rt;
    std::shared_ptr<TableData> table;   // null until the column joins a table
    std::size_t index = 0;
    const schema::Column& schema_column() const;

    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override;
    std::optional<py::Value> binary_op(py::Interpreter& in, std::string_view op, const py::Value& other,
                                       bool reflected) override;
    std::optional<py::Value> unary_op(py::Interpreter& in, std::string_view op) override;
    std::string repr(py::Interpreter& in) const override;
};

// An expression: a Node tree, and the declarative value where one exists.
class ExprObject : public declarative::SaObject {
public:
    ExprObject(declarative::Bridge& b, declarative::Value v, NodePtr n) : SaObject(b, std::move(v)), node(std::move(n)) {}
    NodePtr node;

    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override;
    std::optional<py::Value> binary_op(py::Interpreter& in, std::string_view op, const py::Value& other,
                                       bool reflected) override;
    std::optional<py::Value> unary_op(py::Interpreter& in, std::string_view op) override;
    bool truthy(py::Interpreter& in) const override;
};

// The node a Python value stands for in an expression (a column, an
// expression, text(), a declarative SQL value, else a bound value).
NodePtr node_of(ScriptRuntime::Impl& rt, const py::Value& v);
// An expression object for `n` (its declarative view made where it can be).
py::Value expr_value(ScriptRuntime::Impl& rt, NodePtr n);
// `self <op> other`, `self.method(args)` on a column or an expression.
std::optional<py::Value> binary(ScriptRuntime::Impl& rt, const py::Value& self, std::string_view op,
                                const py::Value& other, bool reflected);
std::optional<py::Value> method(ScriptRuntime::Impl& rt, const py::Value& self, std::string_view name);

// The table data of a Core table object (or of a mapped class, or its __table__), or nullptr.
std::shared_ptr<TableData> table_of(const py::Value& v);
// The Core table of the mapped table `fullname` the revision's models declare, or nullptr.
std::shared_ptr<TableData> mapped_table_named(ScriptRuntime::Impl& rt, const std::string& fullname, SourceLocation loc);
// A Core table object over `data`.
py::Value table_value(ScriptRuntime::Impl& rt, std::shared_ptr<TableData> data);
// A table made from its name, schema and column objects (sa.table(), sa.Table()).
std::shared_ptr<TableData> make_table(ScriptRuntime::Impl& rt, const std::string& name,
                                      const std::optional<std::string>& schema, const std::vector<py::Value>& columns,
                                      SourceLocation loc);
// A column object named `name` of `type` (has_type false: NullType).
py::Ref<ColumnObject> make_column(ScriptRuntime::Impl& rt, const std::string& name, const schema::TypeEngine* type,
                                  SourceLocation loc);

// A table as the database has it (sa.Table(name, meta, autoload_with=bind),
// metadata.reflect()), reflected on `conn` (bind_objects.cpp).
py::Value reflected_table(ScriptRuntime::Impl& rt, engine::Connection& conn, const std::string& name,
                          const std::optional<std::string>& schema, SourceLocation loc);
// True when `metadata` (a MetaData) was reflected (metadata.reflect(bind)) and holds the table.
bool metadata_reflected(ScriptRuntime::Impl& rt, const py::Value& metadata, const std::string& name,
                        const std::optional<std::string>& schema);

// The statement objects (core_statements.cpp): select/insert/update/delete.
void register_statements(ScriptRuntime::Impl& rt, std::map<std::string, py::Value>& names);
// A statement object as the sql layer compiles it: SQL and parameters for the dialect.
struct Compiled {
    std::string sql;
    dialect::Params params;
    bool returns_rows = false;
};
// nullopt when `v` is no Core statement (nor text()). The parameters the
// execution was given (a dict, or None) are rt.compile_params.
std::optional<Compiled> compile_statement(ScriptRuntime::Impl& rt, const py::Value& v, const dialect::Dialect& d,
                                          SourceLocation loc);
// The names of a result's columns as SQLAlchemy names them (a Select's).
std::vector<std::string> result_names(ScriptRuntime::Impl& rt, const py::Value& statement);
// A Node compiled into the sql layer's expression language.
sql::ExprPtr to_sql(ScriptRuntime::Impl& rt, const NodePtr& n, SourceLocation loc, const sql::ExprPtr& like = nullptr);
// A Python value as a bound literal (None, bool, int, float, str, Decimal,
// date/time/datetime, UUID, enum member; dict/list as JSON text); throws
// InputError at `loc` for anything else.
sql::Literal literal_of(ScriptRuntime::Impl& rt, const py::Value& v, SourceLocation loc);

}  // namespace orm::migrate::core
