// SQLAlchemy's constructors and the methods of its objects, by canonical
// name: the dispatch both the interpreter's native sqlalchemy modules
// (sa_modules.cpp) and the migration-script reader use.
#include "orm/core/error.hpp"
#include "orm/declarative/constructors.hpp"

namespace orm::declarative {

using namespace python;
using K = Value::Kind;

namespace {

// cast(expr, Type): CAST(expr AS type), the type kept for the dialect to spell.
Value cast_value(Reader& r, const Args& a, SourceLocation loc) {
    schema::TypeEngine t = type_from_value(r, a.pos[1]);
    auto cast = std::make_shared<SqlNode>(
        *sql_node(schema::ClauseKind::Cast, t.class_name(), {to_sql(r, a.pos[0], "cast()")}, loc));
    cast->type = std::make_shared<const schema::TypeEngine>(std::move(t));
    return sql_value(cast, loc);
}

std::string str_arg(Reader& r, const Args& a, const std::string& name, size_t index, const std::string& what) {
    const Value* v = a.get(name, index);
    if (!v || !v->is(K::String)) r.fail(what + " expects a string", v ? v->loc : a.call->loc);
    return v->text;
}

}  // namespace

Value call_sqlalchemy(Reader& r, const std::string& canon, const Args& a, SourceLocation loc) {
    const std::string n = canon.substr(canon.find(':') + 1);
    if (is_type_name(canon)) return make_type(r, canon, a, loc);
    if (n == "Column") return make_column(r, a, loc, false);
    if (n == "mapped_column") return make_column(r, a, loc, true);
    if (n == "ForeignKey") return make_foreign_key(r, a, loc);
    if (n == "DefaultClause") return make_default_clause(r, a, loc);
    if (n == "FetchedValue") return make_fetched_value(loc);
    if (n == "Identity") return make_identity(r, a, loc);
    if (n == "Computed") return make_computed(r, a, loc);
    if (n == "Sequence") return make_sequence(r, a, loc);
    if (n == "PrimaryKeyConstraint") return make_constraint(r, ConstraintDecl::Kind::PrimaryKey, a, loc);
    if (n == "UniqueConstraint") return make_constraint(r, ConstraintDecl::Kind::Unique, a, loc);
    if (n == "CheckConstraint") return make_constraint(r, ConstraintDecl::Kind::Check, a, loc);
    if (n == "ForeignKeyConstraint") return make_constraint(r, ConstraintDecl::Kind::ForeignKey, a, loc);
    if (n == "Index") return make_constraint(r, ConstraintDecl::Kind::Index, a, loc);
    if (n == "Table") return make_table(r, a, loc);
    if (n == "relationship" || n == "relation") return make_relationship(r, a, loc);
    if (n == "backref") return make_backref(r, a, loc);
    if (n == "MetaData") {
        Value v = Value::make(K::MetaData, loc);
        v.index = r.new_metadata(loc);
        auto& md = r.metadatas[v.index];
        if (auto* s = a.get("schema")) {
            if (s->is(K::String)) md.schema = s->text;
            else if (!s->is(K::None)) r.fail("MetaData(schema=...) must be a string", s->loc);
        }
        if (auto* nc = a.get("naming_convention")) {
            if (!nc->is(K::Dict)) r.fail("naming_convention must be a literal dict", nc->loc);
            md.naming_given = true;
            for (size_t i = 0; i + 1 < nc->items.size(); i += 2) {
                const Value& key = nc->items[i];
                const Value& val = nc->items[i + 1];
                std::string k;
                if (key.is(K::String)) k = key.text;
                else if (key.is(K::Symbol)) k = canonical_name(key.text).substr(canonical_name(key.text).find(':') + 1);
                else r.fail("naming_convention keys must be strings or constraint classes", key.loc);
                if (val.is(K::String)) md.naming_convention.emplace_back(k, val.text);
                else if (!val.py.is_none() && (val.is(K::Function) || val.is(K::Lambda) || val.is(K::Symbol)))
                    md.naming_functions.emplace_back(k, val.py);  // a custom %(token)s
                else r.fail("naming_convention values must be strings or functions", val.loc);
            }
        }
        return v;
    }
    if (n == "declarative_base" || n == "registry") {
        int md = -1;
        if (auto* m = a.get("metadata")) {
            if (!m->is(K::MetaData)) r.fail("metadata= must be a MetaData", m->loc);
            md = m->index;
        } else {
            md = r.new_metadata(loc);
        }
        if (n == "registry") { Value v = Value::make(K::Registry, loc); v.index = md; return v; }
        ClassInfo* c = r.new_class("<declarative base>", loc);
        c->kind = ClassInfo::Kind::Base;
        c->metadata = md;
        c->mro = {c};
        Value v = Value::make(K::Class, loc);
        v.cls = c;
        return v;
    }
    if (n == "text" || n == "literal_column")
        return sql_value(sql_node(schema::ClauseKind::Text, str_arg(r, a, "text", 0, n + "()"), {}, loc), loc);
    if (n == "true" || n == "false" || n == "null")
        return sql_value(sql_node(n == "true" ? schema::ClauseKind::True
                                  : n == "false" ? schema::ClauseKind::False : schema::ClauseKind::Null, "", {}, loc), loc);
    if (n.rfind("func.", 0) == 0) {
        std::vector<SqlPtr> args;
        for (auto& p : a.pos) args.push_back(to_sql(r, p, n + "()"));
        return sql_value(sql_node(schema::ClauseKind::Function, n.substr(5), std::move(args), loc), loc);
    }
    if (n == "and_" || n == "or_") {
        if (a.pos.empty()) return opaque(loc);
        SqlPtr acc = to_sql(r, a.pos[0], n + "()");
        for (size_t i = 1; i < a.pos.size(); ++i)
            acc = sql_node(schema::ClauseKind::Binary, n == "and_" ? "AND" : "OR", {acc, to_sql(r, a.pos[i], n + "()")}, loc);
        return sql_value(acc, loc);
    }
    if (n == "not_" && a.pos.size() == 1)
        return sql_value(sql_node(schema::ClauseKind::Unary, "NOT", {to_sql(r, a.pos[0], "not_()")}, loc), loc);
    if ((n == "desc" || n == "asc") && a.pos.size() == 1)
        return sql_value(sql_node(n == "desc" ? schema::ClauseKind::Desc : schema::ClauseKind::Asc, "",
                                  {to_sql(r, a.pos[0], n + "()")}, loc), loc);
    if (n == "cast" && a.pos.size() == 2) return cast_value(r, a, loc);
    if (n == "deferred" || n == "column_property" || n == "query_expression") {
        // A column stays the column; any other expression (a select(), a
        // sum) is a SQL expression orm keeps opaque: it makes no DDL.
        if (!a.pos.empty() && (a.pos[0].is(K::Column) || a.pos[0].is(K::Sql))) return a.pos[0];
        auto node = std::make_shared<SqlNode>();
        node->kind = schema::ClauseKind::Text;
        node->text = n + "(...)";
        node->opaque = true;
        node->loc = loc;
        return sql_value(node, loc);
    }
    if (n == "create_engine") {
        Value v = Value::make(K::Engine, loc);
        const Value* url = a.get("url", 0);
        if (url && url->is(K::String)) {
            v.text = url->text;
            v.loc = url->loc;
            v.flag = true;
            if (!r.engine_url && !r.engine_url_problem) {
                r.engine_url = url->text;
                r.engine_url_loc = url->loc;
            }
        } else if (!r.engine_url && !r.engine_url_problem) {
            r.engine_url_problem = url ? "create_engine()'s URL evaluates to " + url->type_name() + ", not a string"
                                       : std::string("create_engine() is given no URL");
            r.engine_url_loc = url ? url->loc : loc;
        }
        return v;
    }
    return opaque(loc, canon);
}

Value call_sql_method(Reader& r, const Value& obj, const std::string& m, const Args& a, SourceLocation loc) {
    if (is_sqlish(obj)) {
        if (m == "desc" || m == "asc")
            return sql_value(sql_node(m == "desc" ? schema::ClauseKind::Desc : schema::ClauseKind::Asc, "",
                                      {to_sql(r, obj, m + "()")}, loc), loc);
        if ((m == "is_" || m == "isnot" || m == "is_not" || m == "like" || m == "ilike") && a.pos.size() == 1) {
            std::string op = m == "is_" ? "IS" : m == "like" ? "LIKE" : m == "ilike" ? "ILIKE" : "IS NOT";
            return sql_value(sql_node(schema::ClauseKind::Binary, op, {to_sql(r, obj, m + "()"), to_sql(r, a.pos[0], m + "()")}, loc), loc);
        }
        if (m == "label") return obj;
        return opaque(loc);
    }
    if (obj.is(K::String)) {
        std::string s = obj.text;
        if (m == "lower") { std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); }); return string_value(s, loc); }
        if (m == "upper") { std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); }); return string_value(s, loc); }
        if (m == "strip") {
            auto b = s.find_first_not_of(" \t\n"), e = s.find_last_not_of(" \t\n");
            return string_value(b == std::string::npos ? "" : s.substr(b, e - b + 1), loc);
        }
        return opaque(loc);
    }
    if (obj.is(K::Registry) && m == "generate_base") {
        ClassInfo* c = r.new_class("<declarative base>", loc);
        c->kind = ClassInfo::Kind::Base;
        c->metadata = obj.index;
        c->mro = {c};
        Value v = Value::make(K::Class, loc);
        v.cls = c;
        return v;
    }
    if (obj.is(K::Type) && (m == "with_variant" || m == "evaluates_none" || m == "copy")) return obj;
    if (obj.is(K::Table) && (m == "append_column" || m == "append_constraint" || m == "append_foreign_key" ||
                             m == "add_is_dependent_on"))
        r.fail("Table." + m + "() changes the schema in a way orm cannot read; declare the column or constraint "
               "in the class or the Table() call instead", loc);
    if (obj.is(K::Class) && obj.cls->kind == ClassInfo::Kind::TypeDecorator) return opaque(loc);
    return opaque(loc);
}


}  // namespace orm::declarative
