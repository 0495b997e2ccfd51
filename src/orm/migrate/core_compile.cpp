// Core expressions of revisions compiled into the sql layer's expression
// language: columns of their tables, Python values as bound literals typed
// by what they are compared with (SQLAlchemy's coercion), text() with its
// bound parameters, and the declarative SQL values (sa.func.*) revisions mix in.
#include <nlohmann/json.hpp>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/migrate/core_objects.hpp"
#include "orm/python/datetime_values.hpp"

namespace orm::migrate::core {

using K = declarative::Value::Kind;

namespace {

[[noreturn]] void fail(const std::string& message, SourceLocation loc) {
    if (loc.file) throw InputError(message, loc.file->shared_from_this(), loc);
    throw InputError(message);
}

// A Python value as JSON (dict/list of JSON values), for a JSON parameter.
nlohmann::json json_of(py::Interpreter& in, const py::Value& v, SourceLocation loc) {
    switch (v.tag()) {
        case py::Value::Tag::None: return nullptr;
        case py::Value::Tag::Bool: return v.as_bool();
        case py::Value::Tag::Int: return v.as_int();
        case py::Value::Tag::Float: return v.as_float();
        case py::Value::Tag::Obj: break;
    }
    if (const std::string* s = py::str_of(v)) return *s;
    if (v.is(py::ObjKind::List) || v.is(py::ObjKind::Tuple)) {
        nlohmann::json out = nlohmann::json::array();
        for (auto& x : in.to_vector(v, loc)) out.push_back(json_of(in, x, loc));
        return out;
    }
    if (auto* d = v.as<py::DictObject>()) {
        nlohmann::json out = nlohmann::json::object();
        d->for_each([&](const py::Value& k, const py::Value& x) { out[in.str(k)] = json_of(in, x, loc); });
        return out;
    }
    fail("a " + in.type_name(v) + " cannot be bound as JSON", loc);
}

sql::Literal number_literal(const std::string& text) {
    if (auto i = parse_integer<std::int64_t>(text)) return sql::Literal::integer(*i);
    return sql::Literal::decimal(text);
}

bool is_comparison(const std::string& op) {
    return op == "=" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=" || op == "IS" ||
           op == "IS NOT" || op.find("LIKE") != std::string::npos || op.find("DISTINCT FROM") != std::string::npos;
}

sql::ExprPtr binary(const std::string& op, sql::ExprPtr l, sql::ExprPtr r, SourceLocation loc) {
    try {
        if (is_comparison(op)) return sql::compare(op, std::move(l), std::move(r));
        if (op == "AND") return sql::and_({std::move(l), std::move(r)});
        if (op == "OR") return sql::or_({std::move(l), std::move(r)});
        if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") return sql::arithmetic(op, std::move(l), std::move(r));
        // Any other operator (op('@>'), ||): as written, the right side typed like the left.
        return sql::compare(op, std::move(l), std::move(r));
    } catch (const InputError& e) {
        if (e.file()) throw;
        fail(e.message(), loc);
    }
}

// A declarative SQL value (sa.func.now(), sa.text(), a models-style column) as an expression.
sql::ExprPtr from_decl(ScriptRuntime::Impl& rt, const declarative::SqlNode& n, SourceLocation loc);

sql::ExprPtr column_expr(ScriptRuntime::Impl& rt, const ColumnObject& c) {
    const schema::Column& col = c.schema_column();
    sql::ExprPtr e = c.table ? sql::column(c.table->table, col) : sql::bare_column(col);
    if (!c.value.column->has_type) {
        auto untyped = std::make_shared<sql::Expr>(*e);
        untyped->type = nullptr;
        return untyped;
    }
    return e;
}

sql::ExprPtr from_decl(ScriptRuntime::Impl& rt, const declarative::SqlNode& n, SourceLocation loc) {
    using CK = schema::ClauseKind;
    std::vector<sql::ExprPtr> args;
    for (auto& a : n.args) args.push_back(from_decl(rt, *a, loc));
    switch (n.kind) {
        case CK::Text: return sql::text(n.text);
        case CK::String: return sql::bind(sql::Literal::string(n.text));
        case CK::Number: return sql::bind(number_literal(n.text));
        case CK::True: return sql::bind(sql::Literal::boolean(true));
        case CK::False: return sql::bind(sql::Literal::boolean(false));
        case CK::Null: return sql::null();
        case CK::Column: {
            if (n.column)
                if (auto it = rt.core_columns.find(n.column.get()); it != rt.core_columns.end())
                    return column_expr(rt, *static_cast<const ColumnObject*>(it->second));
            schema::Column col;
            col.name = col.key = n.column ? n.column->column.name : n.text;
            if (n.column) col.type = n.column->column.type;
            auto owned = std::make_shared<schema::Column>(col);
            rt.compile_keepalive.push_back(owned);
            return sql::bare_column(*owned);
        }
        case CK::Function: return sql::function(n.text, std::move(args));
        case CK::Binary: return binary(n.text, args[0], args[1], loc);
        case CK::Unary: return n.text == "NOT" ? sql::not_(args[0]) : sql::negative(args[0]);
        case CK::Grouping: return args[0];
        case CK::Desc: return sql::ordering(args[0], true);
        case CK::Asc: return sql::ordering(args[0], false);
        case CK::Cast:
            if (!n.type) fail("CAST() to a type orm does not know", loc);
            return sql::cast(args[0], n.type);
    }
    fail("this SQL expression cannot be compiled", loc);
}

}  // namespace

sql::Literal literal_of(ScriptRuntime::Impl& rt, const py::Value& v, SourceLocation loc) {
    py::Interpreter& in = *rt.in;
    switch (v.tag()) {
        case py::Value::Tag::None: return sql::Literal::null();
        case py::Value::Tag::Bool: return sql::Literal::boolean(v.as_bool());
        case py::Value::Tag::Int: return sql::Literal::integer(v.as_int());
        case py::Value::Tag::Float: return sql::Literal::real(v.as_float());
        case py::Value::Tag::Obj: break;
    }
    if (const std::string* s = py::str_of(v)) return sql::Literal::string(*s);
    if (!rt.bridge->json_null.is_none() && v.identical(rt.bridge->json_null)) return sql::Literal::string("null");
    if (v.is(py::ObjKind::BigInt)) return sql::Literal::decimal(in.str(v));
    if (auto dt = py::datetime_value(in, v)) return sql::Literal::string(py::to_iso_string(*dt, ' '));
    if (auto d = py::date_value(v)) return sql::Literal::string(py::to_iso_string(*d));
    if (auto t = py::time_value(in, v)) return sql::Literal::string(py::to_iso_string(*t));
    if (auto d = py::decimal_value(v)) return sql::Literal::decimal(d->to_string());
    if (auto u = py::uuid_value(v)) return sql::Literal::string(u->to_string());
    if (auto* b = v.as<py::BytesObject>()) return sql::Literal::string(b->value);
    if (v.is(py::ObjKind::Dict) || v.is(py::ObjKind::List)) return sql::Literal::string(json_of(in, v, loc).dump());
    if (auto* inst = v.as<py::InstanceObject>()) {
        // An enum member binds as its name (SQLAlchemy's Enum type); a str/int subclass as its value.
        if (rt.bridge->enum_base && inst->cls->is_subclass_of(rt.bridge->enum_base.get()))
            if (const py::Value* name = inst->attrs().find_str("_name_")) return sql::Literal::string(in.str(*name));
        if (!inst->builtin_value.is_none()) return literal_of(rt, inst->builtin_value, loc);
    }
    fail("a " + in.type_name(v) + " cannot be bound as a SQL value", loc);
}

sql::ExprPtr to_sql(ScriptRuntime::Impl& rt, const NodePtr& n, SourceLocation loc, const sql::ExprPtr& like) {
    switch (n->kind) {
        case Node::Kind::Column: return column_expr(rt, *n->column);
        case Node::Kind::Value: {
            sql::ExprPtr b = sql::bind(literal_of(rt, n->value, loc), n->type);
            return like ? sql::coerce_to(b, like) : b;
        }
        case Node::Kind::Null: return sql::null();
        case Node::Kind::True: return sql::bind(sql::Literal::boolean(true));
        case Node::Kind::False: return sql::bind(sql::Literal::boolean(false));
        case Node::Kind::Star: return sql::text("*");
        case Node::Kind::Text: {
            std::vector<std::pair<std::string, sql::ExprPtr>> binds;
            for (auto& a : n->args) binds.emplace_back(a->name, to_sql(rt, a, loc));
            return sql::text(n->op, std::move(binds));
        }
        case Node::Kind::Sql: {
            if (n->decl.is(K::Column)) {
                if (auto it = rt.core_columns.find(n->decl.column.get()); it != rt.core_columns.end())
                    return column_expr(rt, *static_cast<const ColumnObject*>(it->second));
            }
            if (n->decl.is(K::Sql)) return from_decl(rt, *n->decl.sql, loc);
            auto s = declarative::to_sql(*rt.reader, n->decl, "a statement");
            return from_decl(rt, *s, loc);
        }
        case Node::Kind::Binary: {
            sql::ExprPtr l = to_sql(rt, n->args[0], loc);
            sql::ExprPtr r = to_sql(rt, n->args[1], loc, l);
            if (n->name == "startswith" || n->name == "endswith" || n->name == "contains")
                return sql::like_affix(l, r, n->name != "startswith", n->name != "endswith");
            if (n->args[0]->kind == Node::Kind::Value && r->type) l = sql::coerce_to(l, r);
            return binary(n->op, l, r, loc);
        }
        case Node::Kind::Unary: {
            sql::ExprPtr a = to_sql(rt, n->args[0], loc);
            if (n->op == "NOT") return sql::not_(a);
            if (n->op == "-") return sql::negative(a);
            fail(n->op + " is not implemented by orm in statements a revision runs", loc);
        }
        case Node::Kind::BoolList: {
            std::vector<sql::ExprPtr> args;
            for (auto& a : n->args) args.push_back(to_sql(rt, a, loc));
            return n->op == "AND" ? sql::and_(std::move(args)) : sql::or_(std::move(args));
        }
        case Node::Kind::Function: {
            std::vector<sql::ExprPtr> args;
            for (auto& a : n->args) args.push_back(to_sql(rt, a, loc));
            return sql::function(n->op, std::move(args));
        }
        case Node::Kind::Label: return sql::label(to_sql(rt, n->args[0], loc), n->name);
        case Node::Kind::Ordering: {
            sql::ExprPtr a = to_sql(rt, n->args[0], loc);
            if (n->op == "DESC" || n->op == "ASC") return sql::ordering(a, n->op == "DESC");
            fail(n->op + " is not implemented by orm in statements a revision runs", loc);
        }
        case Node::Kind::InList: {
            sql::ExprPtr l = to_sql(rt, n->args[0], loc);
            std::vector<sql::ExprPtr> items;
            for (size_t i = 1; i < n->args.size(); ++i) items.push_back(to_sql(rt, n->args[i], loc, l));
            return sql::in_(l, std::move(items), n->op == "NOT IN");
        }
        case Node::Kind::Between: {
            sql::ExprPtr e = to_sql(rt, n->args[0], loc);
            return sql::between(e, to_sql(rt, n->args[1], loc, e), to_sql(rt, n->args[2], loc, e));
        }
        case Node::Kind::Case: {
            std::vector<std::pair<sql::ExprPtr, sql::ExprPtr>> whens;
            size_t whens_end = n->op == "else" ? n->args.size() - 1 : n->args.size();
            for (size_t i = 0; i + 1 < whens_end; i += 2)
                whens.emplace_back(to_sql(rt, n->args[i], loc), to_sql(rt, n->args[i + 1], loc));
            sql::ExprPtr else_value = n->op == "else" ? to_sql(rt, n->args.back(), loc) : nullptr;
            return sql::case_(std::move(whens), else_value);
        }
        case Node::Kind::Cast: return sql::cast(to_sql(rt, n->args[0], loc), n->type);
        case Node::Kind::Param: {
            const py::Value* v = nullptr;
            if (auto* d = rt.compile_params.as<py::DictObject>()) v = d->find_str(n->name);
            if (!v && n->op != "value")
                fail("A value is required for bind parameter '" + n->name + "'", loc);
            sql::ExprPtr b = sql::bind(literal_of(rt, v ? *v : n->value, loc), n->type);
            return like ? sql::coerce_to(b, like) : b;
        }
    }
    fail("this SQL expression cannot be compiled", loc);
}

}  // namespace orm::migrate::core
