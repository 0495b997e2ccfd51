#include "orm/migrate/script_reader.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "orm/core/error.hpp"
#include "orm/declarative/constructors.hpp"
#include "orm/declarative/reader.hpp"
#include "orm/migrate/sha256.hpp"
#include "orm/python/parser.hpp"

namespace orm::migrate {

namespace {

using declarative::Args;
using declarative::Reader;
using declarative::Scope;
using declarative::SqlNode;
using declarative::Value;
using K = Value::Kind;
using namespace python;

// A table an op.bulk_insert() can name: sa.table(...) or op.create_table(...)'s result.
struct TableHandle {
    TableRef ref;
};

constexpr const char* kHandle = "orm-migrate:table";

// The position of the table argument in each op's signature; batch_op calls
// leave it out (the batch's table fills it in).
const std::map<std::string, size_t> kTableArgPosition = {
    {"add_column", 0}, {"drop_column", 0}, {"alter_column", 0}, {"create_table_comment", 0},
    {"drop_table_comment", 0}, {"create_index", 1}, {"drop_index", 1}, {"create_foreign_key", 1},
    {"create_unique_constraint", 1}, {"create_check_constraint", 1}, {"create_primary_key", 1},
    {"drop_constraint", 1},
};

bool is_dialect_kwarg(const std::string& k) {
    static const std::vector<std::string> prefixes = {"postgresql_", "sqlite_", "mysql_", "mariadb_", "mssql_", "oracle_"};
    for (auto& p : prefixes)
        if (k.rfind(p, 0) == 0) return true;
    return false;
}

schema::ClausePtr literal_clause(const Value& v) {
    switch (v.kind) {
        case K::String: return schema::Clause::make(schema::ClauseKind::String, v.text);
        case K::Int: case K::Float: return schema::Clause::make(schema::ClauseKind::Number, v.text);
        case K::Bool: return schema::Clause::make(v.flag ? schema::ClauseKind::True : schema::ClauseKind::False, "");
        case K::None: return schema::Clause::make(schema::ClauseKind::Null, "");
        default: return nullptr;
    }
}

// A SQL expression with its columns named as written (no table to resolve them against).
schema::ClausePtr to_clause(const SqlNode& n) {
    if (n.kind == schema::ClauseKind::Column)
        return schema::Clause::make(schema::ClauseKind::Column, n.column ? n.column->column.name : n.text);
    std::vector<schema::ClausePtr> args;
    for (auto& a : n.args) args.push_back(to_clause(*a));
    return schema::Clause::make(n.kind, n.text, std::move(args));
}

class ScriptReader {
public:
    explicit ScriptReader(std::shared_ptr<const SourceFile> source) : source_(std::move(source)) {
        scratch_.source = source_;
        scratch_.metadata.source = source_;
        r_.source = source_;
        r_.out = &scratch_;
        metadata_ = r_.new_metadata({});
        r_.call_hook = [this](Reader& r, const std::string& q, const Args& a, SourceLocation loc) {
            return hook(q, a, loc);
        };
    }

    Revision read() {
        Module module = parse_module(source_);
        Revision rev;
        rev.source = source_;
        rev.path = source_->name();
        rev.sha256 = sha256_hex(source_->text());
        read_docstring(module, rev);
        const FunctionDef* upgrade = nullptr;
        const FunctionDef* downgrade = nullptr;
        bool have_revision = false;
        for (auto& s : module.body) {
            if (s->kind == StmtKind::Import || s->kind == StmtKind::ImportFrom) {
                declarative::bind_imports(r_, *s);
            } else if (auto* f = s->as<FunctionDef>()) {
                if (f->name == "upgrade") upgrade = f;
                else if (f->name == "downgrade") downgrade = f;
                Value v = Value::make(K::Function, f->name_loc);
                v.text = f->name;
                r_.globals[f->name] = v;
            } else if (const Expr* target = assign_target(*s)) {
                const Expr& value = assign_value(*s);
                auto* n = target->as<Name>();
                if (!n) continue;
                if (n->id == "revision") {
                    rev.id = single_id(value, "revision");
                    rev.id_loc = s->loc;
                    have_revision = true;
                } else if (n->id == "down_revision") {
                    rev.down_revisions = ids(value, "down_revision", &rev.down_revision_is_tuple);
                    rev.down_revision_loc = s->loc;
                } else if (n->id == "branch_labels") {
                    rev.branch_labels = ids(value, "branch_labels", nullptr);
                } else if (n->id == "depends_on") {
                    rev.depends_on = ids(value, "depends_on", nullptr);
                } else {
                    r_.globals[n->id] = declarative::eval(r_, value, Scope{});
                }
            }
        }
        if (!have_revision)
            throw InputError("not a revision file: no `revision = '...'` identifier (Alembic needs one in every "
                             "file of versions/)", source_, SourceLocation{1, 1, 1, 1});
        if (!upgrade) throw InputError("revision file has no `def upgrade():`", source_, rev.id_loc);
        if (!downgrade) throw InputError("revision file has no `def downgrade():`", source_, rev.id_loc);
        rev.upgrade_ops = read_function(*upgrade);
        rev.downgrade_ops = read_function(*downgrade);
        rev.f_names = conv_names_;
        return rev;
    }

private:
    std::shared_ptr<const SourceFile> source_;
    declarative::ModelsFile scratch_;
    Reader r_;
    int metadata_ = 0;
    std::vector<TableHandle> handles_;
    std::set<std::string> conv_names_;   // names given through op.f()
    std::map<std::string, Value> locals_;

    [[noreturn]] void fail(const std::string& message, const SourceLocation& loc) const {
        throw InputError(message, source_, loc);
    }

    // ------------------------------------------------------------ module level

    static const Expr* assign_target(const Stmt& s) {
        if (auto* a = s.as<Assign>()) return a->targets.size() == 1 ? a->targets[0].get() : nullptr;
        if (auto* a = s.as<AnnAssign>()) return a->value ? a->target.get() : nullptr;
        return nullptr;
    }
    static const Expr& assign_value(const Stmt& s) {
        if (auto* a = s.as<Assign>()) return *a->value;
        return *s.as<AnnAssign>()->value;
    }

    void read_docstring(const Module& module, Revision& rev) {
        if (!module.docstring) return;
        std::string doc = *module.docstring;
        auto trim = [](std::string s) {
            auto b = s.find_first_not_of(" \t\r\n");
            if (b == std::string::npos) return std::string();
            auto e = s.find_last_not_of(" \t\r\n");
            return s.substr(b, e - b + 1);
        };
        doc = trim(doc);
        // Alembic's Script.doc: the first paragraph of the stripped docstring.
        auto para = doc.find("\n\n");
        rev.message = para == std::string::npos ? doc : doc.substr(0, para);
        static const std::regex date(R"((^|\n)Create Date: ([^\n]*))");
        std::smatch m;
        if (std::regex_search(doc, m, date)) rev.create_date = trim(m[2].str());
    }

    std::string single_id(const Expr& e, const std::string& what) {
        auto* c = e.as<Constant>();
        if (!c || !c->is_string()) fail(what + " must be a string literal", e.loc);
        return c->value;
    }

    std::vector<std::string> ids(const Expr& e, const std::string& what, bool* is_tuple) {
        if (auto* c = e.as<Constant>()) {
            if (c->value_kind == ConstantKind::None) return {};
            if (c->is_string()) return {c->value};
        }
        const std::vector<ExprPtr>* elts = nullptr;
        if (auto* t = e.as<Tuple>()) elts = &t->elts;
        if (auto* l = e.as<python::List>()) elts = &l->elts;
        if (!elts) fail(what + " must be None, a string, or a tuple of strings", e.loc);
        if (is_tuple) *is_tuple = true;
        std::vector<std::string> out;
        for (auto& x : *elts) out.push_back(single_id(*x, what));
        return out;
    }

    // ------------------------------------------------------------ evaluation hook

    std::optional<Value> hook(const std::string& q, const Args& a, SourceLocation loc) {
        if (q == "alembic.op.f" || q == "orm-migrate:batch.f") {
            const Value* name = a.get("name", 0);
            if (!name || !name->is(K::String)) fail("op.f() takes a name string", name ? name->loc : loc);
            conv_names_.insert(name->text);
            return *name;
        }
        if (q == "alembic.op.get_bind" || q == "alembic.op.get_context") return Value::make(K::Opaque, loc);
        if (q.rfind("alembic.op.", 0) == 0)
            fail("op." + q.substr(11) + "() must stand as a statement of its own here", loc);
        std::string canon = declarative::canonical_name(q);
        if (canon == "sqlalchemy:table" || canon == "sqlalchemy:TableClause") {
            const Value* name = a.get("name", 0);
            if (!name || !name->is(K::String)) fail("sa.table() takes the table name first", loc);
            TableHandle h;
            h.ref.name = name->text;
            if (const Value* s = a.get("schema"); s && s->is(K::String)) h.ref.schema = s->text;
            for (size_t i = 1; i < a.pos.size(); ++i)
                if (!a.pos[i].is(K::Column)) fail("sa.table() takes sa.column(...) objects", a.pos[i].loc);
            return handle_value(std::move(h), loc);
        }
        if (canon == "sqlalchemy:column" || canon == "sqlalchemy:ColumnClause") {
            const Value* name = a.get("text", 0);
            if (!name || !name->is(K::String)) fail("sa.column() takes the column name first", loc);
            auto col = std::make_shared<declarative::ColumnDecl>();
            col->column.name = col->column.key = name->text;
            col->loc = col->column.loc = loc;
            if (const Value* t = a.get("type_", 1)) {
                col->column.type = declarative::type_from_value(r_, *t);
                col->has_type = true;
            }
            Value v = Value::make(K::Column, loc);
            v.column = col;
            return v;
        }
        return std::nullopt;
    }

    Value handle_value(TableHandle h, SourceLocation loc) {
        handles_.push_back(std::move(h));
        Value v = Value::make(K::Opaque, loc);
        v.text = kHandle;
        v.index = static_cast<int>(handles_.size()) - 1;
        return v;
    }

    // ------------------------------------------------------------ function bodies

    std::vector<MigrationOp> read_function(const FunctionDef& f) {
        for (auto& p : f.params)
            if (p.kind != Parameter::Kind::Separator && !p.default_value)
                fail(f.name + "() must take no arguments (Alembic calls it without any)", p.loc);
        locals_.clear();
        std::vector<MigrationOp> ops;
        read_body(f.body, ops, nullptr);
        return ops;
    }

    Scope scope() const {
        Scope s;
        s.locals = &locals_;
        return s;
    }

    // The qualified name a call's function denotes ("alembic.op.add_column"), or "".
    std::string callee_name(const Call& c) {
        auto dn = dotted_name(*c.func);
        if (!dn) return "";
        std::string head = dn->substr(0, dn->find('.'));
        auto v = declarative::lookup(r_, head, scope());
        if (!v || !v->is(K::Symbol)) return "";
        return v->text + dn->substr(head.size());
    }

    void read_body(const Body& body, std::vector<MigrationOp>& out, const BatchAlterTableOp* batch) {
        for (auto& sp : body) {
            const Stmt& s = *sp;
            switch (s.kind) {
                case StmtKind::Pass:
                    break;
                case StmtKind::Import: case StmtKind::ImportFrom:
                    declarative::bind_imports(r_, s);
                    break;
                case StmtKind::Expr: {
                    const Expr& e = *s.as<ExprStmt>()->value;
                    if (e.as<Constant>()) break;   // a docstring
                    auto* call = e.as<Call>();
                    if (!call) fail("expected an op.* call here (orm reads migration scripts without running them)", e.loc);
                    read_call_statement(*call, out, batch);
                    break;
                }
                case StmtKind::Assign: case StmtKind::AnnAssign: {
                    const Expr* target = assign_target(s);
                    auto* n = target ? target->as<Name>() : nullptr;
                    if (!n) fail("only `name = value` assignments can be read in a migration function", s.loc);
                    const Expr& value = assign_value(s);
                    if (auto* call = value.as<Call>(); call && callee_name(*call) == "alembic.op.create_table") {
                        if (batch) fail("op.create_table() cannot be used inside a batch_alter_table block", call->loc);
                        CreateTableOp op = read_create_table(*call);
                        TableHandle h;
                        h.ref.name = op.table.name;
                        h.ref.schema = op.table.schema;
                        locals_[n->id] = handle_value(std::move(h), call->loc);
                        out.emplace_back(std::move(op));
                        break;
                    }
                    locals_[n->id] = declarative::eval(r_, value, scope());
                    break;
                }
                case StmtKind::With: {
                    if (batch) fail("batch_alter_table blocks cannot be nested", s.loc);
                    out.emplace_back(read_batch(*s.as<With>()));
                    break;
                }
                case StmtKind::Return:
                    if (s.as<Return>()->value) fail("upgrade() / downgrade() return nothing", s.loc);
                    return;
                default:
                    fail("orm reads migration scripts without running them: only op.* calls, assignments and "
                         "batch_alter_table blocks can be read here (no loops, conditions or other statements)", s.loc);
            }
        }
    }

    BatchAlterTableOp read_batch(const With& w) {
        if (w.items.size() != 1) fail("a batch block takes one `op.batch_alter_table(...) as name`", w.loc);
        const WithItem& item = w.items[0];
        auto* call = item.context_expr->as<Call>();
        if (!call || callee_name(*call) != "alembic.op.batch_alter_table")
            fail("the only `with` block orm reads is `with op.batch_alter_table(\"table\") as batch_op:`", item.context_expr->loc);
        auto* alias = item.optional_vars ? item.optional_vars->as<Name>() : nullptr;
        if (!alias) fail("write `with op.batch_alter_table(...) as batch_op:`", call->loc);
        Args a = declarative::eval_args(r_, *call, scope());
        check_keywords(a, "batch_alter_table",
                       {"table_name", "schema", "recreate", "partial_reordering", "naming_convention", "table_kwargs",
                        "reflect_kwargs", "reflect_args", "table_args", "copy_from"});
        BatchAlterTableOp op;
        op.loc = call->loc;
        op.table.name = str(a, "table_name", 0, "batch_alter_table");
        op.table.schema = opt_str(a, "schema", 1);
        op.recreate = opt_str(a, "recreate", 2);
        if (op.recreate && *op.recreate != "auto" && *op.recreate != "always" && *op.recreate != "never")
            fail("recreate must be 'auto', 'always' or 'never'", a.get("recreate", 2)->loc);
        if (const Value* c = a.get("copy_from"); c && !c->is(K::None))
            fail("batch_alter_table(copy_from=...) cannot be read by orm; it reflects the table itself", c->loc);
        for (const char* k : {"table_args", "reflect_args"})
            if (const Value* v = a.get(k); v && !(v->is_sequence() && v->items.empty()))
                fail(std::string(k) + "= cannot be read by orm", v->loc);
        Value batch = Value::make(K::Symbol, alias->loc);
        batch.text = "orm-migrate:batch";
        auto saved = locals_.find(alias->id) != locals_.end() ? std::optional<Value>(locals_[alias->id]) : std::nullopt;
        locals_[alias->id] = batch;
        read_body(w.body, op.ops, &op);
        if (saved) locals_[alias->id] = *saved;
        else locals_.erase(alias->id);
        return op;
    }

    void read_call_statement(const Call& call, std::vector<MigrationOp>& out, const BatchAlterTableOp* batch) {
        std::string q = callee_name(call);
        if (q.rfind("alembic.op.", 0) == 0) {
            if (batch) fail("inside a batch block, call the block's operations object (batch_op." + q.substr(11) + ")", call.loc);
            out.push_back(read_op(q.substr(11), call, nullptr));
            return;
        }
        if (q.rfind("orm-migrate:batch.", 0) == 0) {
            if (!batch) fail("a batch operation outside its batch_alter_table block", call.loc);
            out.push_back(read_op(q.substr(18), call, batch));
            return;
        }
        // postgresql.ENUM(...).create(op.get_bind()) / .drop(op.get_bind())
        if (auto* attr = call.func->as<Attribute>(); attr && (attr->attr == "create" || attr->attr == "drop")) {
            Value obj = declarative::eval(r_, *attr->value, scope());
            if (obj.is(K::Type) && obj.type->enum_spec) {
                Args a = declarative::eval_args(r_, call, scope());
                check_keywords(a, attr->attr, {"bind", "checkfirst"});
                schema::EnumSpec spec = *obj.type->enum_spec;
                if (!spec.name) fail("an enum type created or dropped on its own needs name=", attr->value->loc);
                if (attr->attr == "create") {
                    CreateEnumOp op;
                    op.loc = call.loc;
                    op.spec = spec;
                    out.emplace_back(std::move(op));
                } else {
                    DropEnumOp op;
                    op.loc = call.loc;
                    op.spec = spec;
                    out.emplace_back(std::move(op));
                }
                return;
            }
        }
        fail("expected an op.* call here: orm reads migration scripts without running Python, so only Alembic's "
             "operations (and ENUM(...).create/drop(op.get_bind())) can be used", call.loc);
    }

    // ------------------------------------------------------------ argument helpers

    void check_keywords(const Args& a, const std::string& op, std::initializer_list<const char*> known) {
        for (auto& [k, v] : a.kw) {
            bool ok = is_dialect_kwarg(k);
            for (const char* n : known)
                if (k == n) ok = true;
            if (!ok) fail(op + "() got an unexpected keyword argument '" + k + "'", v.loc);
        }
    }

    const Value& need(const Args& a, const std::string& name, size_t index, const std::string& op) {
        const Value* v = a.get(name, index);
        if (!v) fail(op + "() missing required argument: '" + name + "'", a.call->loc);
        return *v;
    }

    std::string str(const Args& a, const std::string& name, size_t index, const std::string& op) {
        const Value& v = need(a, name, index, op);
        if (!v.is(K::String)) fail(op + "(): '" + name + "' must be a string, got " + v.type_name(), v.loc);
        return v.text;
    }

    std::optional<std::string> opt_str(const Args& a, const std::string& name, size_t index) {
        const Value* v = a.get(name, index);
        if (!v || v->is(K::None)) return std::nullopt;
        if (!v->is(K::String)) fail("'" + name + "' must be a string or None, got " + v->type_name(), v->loc);
        return v->text;
    }

    std::optional<bool> opt_bool(const Args& a, const std::string& name, size_t index) {
        const Value* v = a.get(name, index);
        if (!v || v->is(K::None)) return std::nullopt;
        if (!v->is(K::Bool)) fail("'" + name + "' must be True, False or None, got " + v->type_name(), v->loc);
        return v->flag;
    }

    std::vector<std::string> names(const Value& v, const std::string& what) {
        std::vector<std::string> out;
        if (v.is(K::String)) return {v.text};
        if (!v.is_sequence()) fail(what + " must be a list of column names", v.loc);
        for (auto& x : v.items) {
            if (x.is(K::String)) out.push_back(x.text);
            else if (x.is(K::Column) && !x.column->column.name.empty()) out.push_back(x.column->column.name);
            else fail(what + " must list column names", x.loc);
        }
        return out;
    }

    std::optional<std::string> deferrable(const Args& a) {
        auto b = opt_bool(a, "deferrable", 99);
        if (!b) return std::nullopt;
        return *b ? "DEFERRABLE" : "NOT DEFERRABLE";
    }

    TableRef table_ref(const Args& a, const std::string& name, size_t index, const std::string& op,
                       const char* schema_kw = "schema") {
        TableRef t;
        t.name = str(a, name, index, op);
        t.schema = opt_str(a, schema_kw, 99);
        return t;
    }

    schema::ClausePtr sql_clause(const Value& v, const std::string& what) {
        if (v.is(K::String)) return schema::Clause::make(schema::ClauseKind::Text, v.text);
        if (v.is(K::Sql) || v.is(K::Column)) return to_clause(*declarative::to_sql(r_, v, what));
        fail(what + " must be a SQL string, sa.text(...) or an expression, got " + v.type_name(), v.loc);
    }

    // server_default=: False leaves it alone (nullopt), None removes it.
    std::optional<schema::ClausePtr> server_default(const Args& a, const std::string& name) {
        const Value* v = a.get(name);
        if (!v || (v->is(K::Bool) && !v->flag)) return std::nullopt;
        if (v->is(K::None)) return schema::ClausePtr{};
        return declarative::server_default_clause(r_, *v);
    }

    // comment=: False leaves it alone, None removes it.
    std::optional<std::optional<std::string>> comment(const Args& a, const std::string& name, size_t index) {
        const Value* v = a.get(name, index);
        if (!v || (v->is(K::Bool) && !v->flag)) return std::nullopt;
        if (v->is(K::None)) return std::optional<std::string>{};
        if (!v->is(K::String)) fail("'" + name + "' must be a string, None or False", v->loc);
        return std::optional<std::string>{v->text};
    }

    void mark_conventional(std::optional<std::string>& name, bool& conventional) {
        if (name && conv_names_.count(*name)) conventional = true;
    }

    void mark_table_names(schema::Table& t) {
        mark_conventional(t.primary_key.name, t.primary_key.conventional_name);
        for (auto& c : t.foreign_keys) mark_conventional(c.name, c.conventional_name);
        for (auto& c : t.unique_constraints) mark_conventional(c.name, c.conventional_name);
        for (auto& c : t.check_constraints) mark_conventional(c.name, c.conventional_name);
        for (auto& i : t.indexes) mark_conventional(i.name, i.conventional_name);
    }

    // "table.col" / "schema.table.col".
    void parse_target(const std::string& spec, SourceLocation loc, std::optional<std::string>& schema_name,
                      std::string& table, std::string& column) {
        auto last = spec.rfind('.');
        if (last == std::string::npos || last == 0 || last + 1 == spec.size())
            fail("Invalid foreign key column specification: " + spec, loc);
        column = spec.substr(last + 1);
        std::string t = spec.substr(0, last);
        auto dot = t.rfind('.');
        if (dot != std::string::npos) {
            schema_name = t.substr(0, dot);
            table = t.substr(dot + 1);
        } else {
            schema_name = std::nullopt;
            table = t;
        }
    }

    schema::ForeignKeyConstraint column_foreign_key(const declarative::ForeignKeyDecl& f, const std::string& column) {
        schema::ForeignKeyConstraint fk;
        fk.name = f.name;
        fk.columns = {column};
        fk.ondelete = f.ondelete;
        fk.onupdate = f.onupdate;
        fk.match = f.match;
        fk.deferrable = f.deferrable;
        fk.initially = f.initially;
        fk.use_alter = f.use_alter;
        fk.from_column = true;
        fk.info = f.info;
        fk.loc = f.loc;
        if (f.target_column) fail("ForeignKey() in a migration script names its target as 'table.column'", f.loc);
        std::string table, col;
        parse_target(f.target, f.loc, fk.referred_schema, table, col);
        fk.referred_table = table;
        fk.referred_columns = {col};
        mark_conventional(fk.name, fk.conventional_name);
        return fk;
    }

    // ------------------------------------------------------------ the operations

    MigrationOp read_op(const std::string& name, const Call& call, const BatchAlterTableOp* batch) {
        Args a = declarative::eval_args(r_, call, scope());
        if (batch) {
            // batch_op.x(...) is op.x(table, ...) on the batch's table.
            auto it = kTableArgPosition.find(name);
            if (it == kTableArgPosition.end())
                fail("batch_op." + name + "() is not an operation orm can run inside a batch block", call.loc);
            Value t = Value::make(K::String, call.loc);
            t.text = batch->table.name;
            if (a.pos.size() >= it->second) a.pos.insert(a.pos.begin() + it->second, t);
            else a.kw.emplace_back(it->second == 0 ? "table_name" : name == "create_foreign_key" ? "source_table" : "table_name", t);
            if (batch->table.schema) {
                Value s = Value::make(K::String, call.loc);
                s.text = *batch->table.schema;
                a.kw.emplace_back(name == "create_foreign_key" ? "source_schema" : "schema", s);
            }
        }
        SourceLocation loc = call.loc;
        if (name == "create_table") {
            if (batch) fail("op.create_table() cannot be used inside a batch block", loc);
            return read_create_table(call, &a);
        }
        if (name == "drop_table") {
            check_keywords(a, name, {"table_name", "schema"});
            DropTableOp op;
            op.loc = loc;
            op.table = table_ref(a, "table_name", 0, name);
            return op;
        }
        if (name == "rename_table") {
            check_keywords(a, name, {"old_table_name", "new_table_name", "schema"});
            RenameTableOp op;
            op.loc = loc;
            op.table = table_ref(a, "old_table_name", 0, name);
            op.new_name = str(a, "new_table_name", 1, name);
            return op;
        }
        if (name == "create_table_comment" || name == "drop_table_comment") {
            bool create = name == "create_table_comment";
            check_keywords(a, name, {"table_name", "comment", "existing_comment", "schema"});
            CreateTableCommentOp op;
            op.loc = loc;
            op.table = table_ref(a, "table_name", 0, name);
            if (create) op.comment = str(a, "comment", 1, name);
            op.existing_comment = opt_str(a, "existing_comment", create ? 2 : 1);
            return op;
        }
        if (name == "add_column") {
            check_keywords(a, name, {"table_name", "column", "schema", "insert_before", "insert_after"});
            AddColumnOp op;
            op.loc = loc;
            op.table = table_ref(a, "table_name", 0, name);
            const Value& c = need(a, "column", 1, name);
            if (!c.is(K::Column)) fail("add_column() takes a sa.Column(...), got " + c.type_name(), c.loc);
            const auto& decl = *c.column;
            if (decl.column.name.empty()) fail("the added Column needs a name", c.loc);
            if (!decl.has_type) fail("the added Column needs a type", c.loc);
            op.column = decl.column;
            if (op.column.key.empty()) op.column.key = op.column.name;
            for (auto& f : decl.foreign_keys) op.foreign_keys.push_back(column_foreign_key(f, op.column.name));
            if (!decl.inline_constraints.empty())
                fail("constraints inside an added Column cannot be read; add them with their own op.create_* call",
                     decl.inline_constraints.front()->loc);
            return op;
        }
        if (name == "drop_column") {
            DropColumnOp op;
            op.loc = loc;
            op.table = table_ref(a, "table_name", 0, name);
            op.column = str(a, "column_name", 1, name);
            for (auto& [k, v] : a.kw)
                if (k != "table_name" && k != "column_name" && k != "schema" && !is_dialect_kwarg(k) &&
                    k.rfind("existing_", 0) != 0)
                    fail("drop_column() got an unexpected keyword argument '" + k + "'", v.loc);
            return op;
        }
        if (name == "alter_column") return read_alter_column(a, loc);
        if (name == "create_index") {
            check_keywords(a, name, {"index_name", "table_name", "columns", "schema", "unique", "if_not_exists"});
            CreateIndexOp op;
            op.loc = loc;
            const Value& n = need(a, "index_name", 0, name);
            if (n.is(K::String)) op.index.name = n.text;
            else if (!n.is(K::None)) fail("the index name must be a string or None", n.loc);
            op.table = table_ref(a, "table_name", 1, name);
            const Value& cols = need(a, "columns", 2, name);
            std::vector<Value> items = cols.is_sequence() ? cols.items : std::vector<Value>{cols};
            for (auto& x : items) {
                if (x.is(K::String)) op.index.expressions.push_back(schema::Clause::make(schema::ClauseKind::Column, x.text));
                else op.index.expressions.push_back(sql_clause(x, "an index expression"));
            }
            if (items.empty()) fail("create_index() needs at least one column", cols.loc);
            op.index.unique = opt_bool(a, "unique", 4).value_or(false);
            if (const Value* w = a.get("postgresql_where")) op.index.postgresql_where = sql_clause(*w, "postgresql_where");
            if (const Value* w = a.get("sqlite_where")) op.index.sqlite_where = sql_clause(*w, "sqlite_where");
            op.index.postgresql_using = opt_str(a, "postgresql_using", 99);
            if (const Value* inc = a.get("postgresql_include")) op.index.postgresql_include = names(*inc, "postgresql_include");
            op.index.loc = loc;
            mark_conventional(op.index.name, op.index.conventional_name);
            return op;
        }
        if (name == "drop_index") {
            check_keywords(a, name, {"index_name", "table_name", "schema", "if_exists"});
            DropIndexOp op;
            op.loc = loc;
            op.name = str(a, "index_name", 0, name);
            if (auto t = opt_str(a, "table_name", 1)) op.table.name = *t;
            op.table.schema = opt_str(a, "schema", 2);
            return op;
        }
        if (name == "create_foreign_key") {
            check_keywords(a, name, {"constraint_name", "source_table", "referent_table", "local_cols", "remote_cols",
                                     "onupdate", "ondelete", "deferrable", "initially", "match", "source_schema",
                                     "referent_schema", "use_alter"});
            CreateForeignKeyOp op;
            op.loc = loc;
            op.constraint.name = opt_str(a, "constraint_name", 0);
            op.table = table_ref(a, "source_table", 1, name, "source_schema");
            op.constraint.referred_table = str(a, "referent_table", 2, name);
            op.constraint.columns = names(need(a, "local_cols", 3, name), "local_cols");
            op.constraint.referred_columns = names(need(a, "remote_cols", 4, name), "remote_cols");
            if (op.constraint.columns.size() != op.constraint.referred_columns.size())
                fail("local_cols and remote_cols must be of the same length", loc);
            op.constraint.onupdate = opt_str(a, "onupdate", 5);
            op.constraint.ondelete = opt_str(a, "ondelete", 6);
            op.constraint.deferrable = deferrable(a);
            op.constraint.initially = opt_str(a, "initially", 8);
            op.constraint.match = opt_str(a, "match", 9);
            op.constraint.referred_schema = opt_str(a, "referent_schema", 11);
            op.constraint.loc = loc;
            mark_conventional(op.constraint.name, op.constraint.conventional_name);
            return op;
        }
        if (name == "create_unique_constraint") {
            check_keywords(a, name, {"constraint_name", "table_name", "columns", "schema", "deferrable", "initially"});
            CreateUniqueConstraintOp op;
            op.loc = loc;
            op.constraint.name = opt_str(a, "constraint_name", 0);
            op.table = table_ref(a, "table_name", 1, name);
            op.constraint.columns = names(need(a, "columns", 2, name), "columns");
            op.constraint.deferrable = deferrable(a);
            op.constraint.initially = opt_str(a, "initially", 99);
            op.constraint.loc = loc;
            mark_conventional(op.constraint.name, op.constraint.conventional_name);
            return op;
        }
        if (name == "create_check_constraint") {
            check_keywords(a, name, {"constraint_name", "table_name", "condition", "schema", "deferrable", "initially"});
            CreateCheckConstraintOp op;
            op.loc = loc;
            op.constraint.name = opt_str(a, "constraint_name", 0);
            op.table = table_ref(a, "table_name", 1, name);
            op.constraint.sqltext = sql_clause(need(a, "condition", 2, name), "the check condition");
            op.constraint.deferrable = deferrable(a);
            op.constraint.initially = opt_str(a, "initially", 99);
            op.constraint.loc = loc;
            mark_conventional(op.constraint.name, op.constraint.conventional_name);
            return op;
        }
        if (name == "create_primary_key") {
            check_keywords(a, name, {"constraint_name", "table_name", "columns", "schema"});
            CreatePrimaryKeyOp op;
            op.loc = loc;
            op.constraint.name = opt_str(a, "constraint_name", 0);
            op.table = table_ref(a, "table_name", 1, name);
            op.constraint.columns = names(need(a, "columns", 2, name), "columns");
            op.constraint.implicit_generated = false;
            op.constraint.loc = loc;
            mark_conventional(op.constraint.name, op.constraint.conventional_name);
            return op;
        }
        if (name == "drop_constraint") {
            check_keywords(a, name, {"constraint_name", "table_name", "type_", "schema"});
            DropConstraintOp op;
            op.loc = loc;
            op.name = str(a, "constraint_name", 0, name);
            op.table = table_ref(a, "table_name", 1, name);
            op.type = opt_str(a, "type_", 2);
            if (op.type && *op.type != "foreignkey" && *op.type != "unique" && *op.type != "check" && *op.type != "primary")
                fail("type_ must be 'foreignkey', 'unique', 'check' or 'primary'", a.get("type_", 2)->loc);
            return op;
        }
        if (name == "execute") return read_execute(a, loc);
        if (name == "bulk_insert") return read_bulk_insert(a, loc);
        if (name == "batch_alter_table")
            fail("op.batch_alter_table() is used as `with op.batch_alter_table(\"table\") as batch_op:`", loc);
        fail("op." + name + "() is not one of the operations orm reads (SPEC §4)", call.func->loc);
    }

    CreateTableOp read_create_table(const Call& call, const Args* given = nullptr) {
        Args a = given ? *given : declarative::eval_args(r_, call, scope());
        const Value* name = a.get("table_name", 0);
        if (!name || !name->is(K::String)) fail("create_table() takes the table name first", call.loc);
        std::vector<declarative::ColumnPtr> columns;
        std::vector<Value> constraints;
        for (size_t i = 1; i < a.pos.size(); ++i) {
            const Value& v = a.pos[i];
            if (v.is(K::Column)) columns.push_back(v.column);
            else if (v.is(K::Constraint)) constraints.push_back(v);
            else fail("create_table() takes sa.Column(...) and constraint objects, got " + v.type_name(), v.loc);
        }
        std::vector<std::pair<std::string, Value>> kwargs;
        for (auto& [k, v] : a.kw) {
            if (k == "table_name") continue;
            if (k == "prefixes" && !(v.is_sequence() && v.items.empty()))
                fail("create_table(prefixes=...) cannot be read by orm", v.loc);
            if (k != "schema" && k != "comment" && k != "info" && k != "prefixes" && !is_dialect_kwarg(k))
                fail("create_table() got an unexpected keyword argument '" + k + "'", v.loc);
            kwargs.emplace_back(k, v);
        }
        schema::Table& built = declarative::build_table(r_, name->text, metadata_, columns, constraints, kwargs, call.loc);
        std::string full = built.fullname();
        // The foreign keys' targets are tables of the database, not of this
        // file: their "table.col" specifications are taken as written.
        for (auto& p : r_.pending_fks) {
            schema::ForeignKeyConstraint& fk = built.foreign_keys[p.constraint];
            fk.referred_columns.clear();
            for (size_t i = 0; i < p.local_columns.size(); ++i) {
                SourceLocation at = i < p.locs.size() && p.locs[i].known() ? p.locs[i] : fk.loc;
                if (i < p.target_columns.size() && p.target_columns[i])
                    fail("ForeignKey() in a migration script names its target as 'table.column'", at);
                std::optional<std::string> s;
                std::string t, c;
                parse_target(p.targets[i], at, s, t, c);
                if (i > 0 && (t != fk.referred_table || s != fk.referred_schema))
                    fail("ForeignKeyConstraint on " + built.name + " refers to more than one table", at);
                fk.referred_table = t;
                fk.referred_schema = s;
                fk.referred_columns.push_back(c);
            }
        }
        r_.pending_fks.clear();
        r_.floating_constraints.clear();
        CreateTableOp op;
        op.loc = call.loc;
        op.table = std::move(built);
        auto& tables = scratch_.metadata.tables;
        tables.pop_back();
        scratch_.metadata.table_index_cache.clear();
        r_.table_columns.erase(full);
        mark_table_names(op.table);
        return op;
    }

    MigrationOp read_alter_column(const Args& a, SourceLocation loc) {
        const std::string name = "alter_column";
        check_keywords(a, name, {"table_name", "column_name", "nullable", "comment", "server_default", "new_column_name",
                                 "type_", "existing_type", "existing_server_default", "existing_nullable",
                                 "existing_comment", "schema", "autoincrement", "existing_autoincrement"});
        AlterColumnOp op;
        op.loc = loc;
        op.table = table_ref(a, "table_name", 0, name);
        op.column = str(a, "column_name", 1, name);
        op.nullable = opt_bool(a, "nullable", 2);
        op.comment = comment(a, "comment", 3);
        op.server_default = server_default(a, "server_default");
        op.new_column_name = opt_str(a, "new_column_name", 5);
        if (const Value* t = a.get("type_", 6); t && !t->is(K::None)) op.type = declarative::type_from_value(r_, *t);
        if (const Value* t = a.get("existing_type", 7); t && !t->is(K::None))
            op.existing_type = declarative::type_from_value(r_, *t);
        op.existing_server_default = server_default(a, "existing_server_default");
        if (op.existing_server_default && !*op.existing_server_default) op.existing_server_default = std::nullopt;
        op.existing_nullable = opt_bool(a, "existing_nullable", 9);
        if (const Value* c = a.get("existing_comment", 10); c && c->is(K::String))
            op.existing_comment = std::optional<std::string>{c->text};
        op.postgresql_using = opt_str(a, "postgresql_using", 99);
        return op;
    }

    MigrationOp read_execute(const Args& a, SourceLocation loc) {
        check_keywords(a, "execute", {"sqltext", "execution_options"});
        const Value& v = need(a, "sqltext", 0, "execute");
        std::string sql;
        if (v.is(K::String)) sql = v.text;
        else if (v.is(K::Sql) && v.sql->kind == schema::ClauseKind::Text) sql = v.sql->text;
        else fail("op.execute() takes SQL as a string or sa.text(\"...\"); SQL expression objects cannot be read", v.loc);
        // ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v' [BEFORE|AFTER 'w']: an enum change replay can follow.
        static const std::regex add_value(
            R"(^\s*ALTER\s+TYPE\s+((?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))?)\s+ADD\s+VALUE\s+(?:IF\s+NOT\s+EXISTS\s+)?'((?:[^']|'')*)'(?:\s+(BEFORE|AFTER)\s+'((?:[^']|'')*)')?\s*;?\s*$)",
            std::regex::icase);
        std::smatch m;
        if (std::regex_match(sql, m, add_value)) {
            auto unquote_ident = [](std::string s) {
                if (s.size() >= 2 && s.front() == '"') return s.substr(1, s.size() - 2);
                std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
                return s;
            };
            auto unquote_literal = [](const std::string& s) {
                std::string out;
                for (size_t i = 0; i < s.size(); ++i) {
                    out += s[i];
                    if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') ++i;
                }
                return out;
            };
            AddEnumValueOp op;
            op.loc = loc;
            std::string full = m[1].str();
            // a dot outside quotes separates the schema
            size_t dot = std::string::npos;
            bool quoted = false;
            for (size_t i = 0; i < full.size(); ++i) {
                if (full[i] == '"') quoted = !quoted;
                else if (full[i] == '.' && !quoted) dot = i;
            }
            if (dot != std::string::npos) {
                op.spec.schema = unquote_ident(full.substr(0, dot));
                op.spec.name = unquote_ident(full.substr(dot + 1));
            } else {
                op.spec.name = unquote_ident(full);
            }
            op.value = unquote_literal(m[2].str());
            if (m[3].matched) {
                std::string where = m[3].str();
                std::transform(where.begin(), where.end(), where.begin(), [](unsigned char c) { return std::toupper(c); });
                (where == "BEFORE" ? op.before : op.after) = unquote_literal(m[4].str());
            }
            return op;
        }
        ExecuteOp op;
        op.loc = loc;
        op.sql = sql;
        return op;
    }

    MigrationOp read_bulk_insert(const Args& a, SourceLocation loc) {
        check_keywords(a, "bulk_insert", {"table", "rows", "multiinsert"});
        const Value& t = need(a, "table", 0, "bulk_insert");
        if (!t.is(K::Opaque) || t.text != kHandle)
            fail("bulk_insert() takes a table made by sa.table(...) or op.create_table(...)", t.loc);
        BulkInsertOp op;
        op.loc = loc;
        op.table = handles_[t.index].ref;
        const Value& rows = need(a, "rows", 1, "bulk_insert");
        if (!rows.is_sequence()) fail("bulk_insert() rows must be a list of dicts", rows.loc);
        for (auto& row : rows.items) {
            if (!row.is(K::Dict)) fail("each bulk_insert() row must be a dict", row.loc);
            std::vector<std::pair<std::string, schema::ClausePtr>> out;
            for (size_t i = 0; i + 1 < row.items.size(); i += 2) {
                const Value& k = row.items[i];
                const Value& v = row.items[i + 1];
                if (!k.is(K::String)) fail("bulk_insert() row keys must be column names", k.loc);
                schema::ClausePtr c = literal_clause(v);
                if (!c) fail("bulk_insert() values must be literals (strings, numbers, True/False, None), got " +
                             v.type_name(), v.loc);
                out.emplace_back(k.text, c);
            }
            op.rows.push_back(std::move(out));
        }
        return op;
    }
};

}  // namespace

Revision read_revision(std::shared_ptr<const SourceFile> source) {
    ScriptReader reader(std::move(source));
    return reader.read();
}

Revision read_revision_file(const std::string& path) { return read_revision(SourceFile::load(path)); }

}  // namespace orm::migrate
