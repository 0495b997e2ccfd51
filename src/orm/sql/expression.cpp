#include "orm/sql/expression.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "orm/core/error.hpp"
#include "orm/core/python_repr.hpp"
#include "orm/sql/select_compiler.hpp"   // Select, for EXISTS

namespace orm::sql {

using schema::TypeEngine;
using schema::TypeKind;

namespace {

enum class Family { none, integer, numeric, real, text, boolean, temporal, other };

Family family(const TypePtr& t) {
    if (!t) return Family::none;
    switch (t->kind) {
        case TypeKind::Integer: case TypeKind::SmallInteger: case TypeKind::BigInteger: case TypeKind::INTEGER:
        case TypeKind::SMALLINT: case TypeKind::BIGINT:
            return Family::integer;
        case TypeKind::Numeric: case TypeKind::NUMERIC: case TypeKind::DECIMAL: return Family::numeric;
        case TypeKind::Float: case TypeKind::FLOAT: case TypeKind::REAL: case TypeKind::DOUBLE:
        case TypeKind::DOUBLE_PRECISION: case TypeKind::PG_DOUBLE_PRECISION: case TypeKind::PG_REAL:
            return Family::real;
        case TypeKind::String: case TypeKind::Unicode: case TypeKind::Text: case TypeKind::UnicodeText:
        case TypeKind::VARCHAR: case TypeKind::NVARCHAR: case TypeKind::CHAR: case TypeKind::NCHAR:
        case TypeKind::TEXT: case TypeKind::CLOB: case TypeKind::Enum: case TypeKind::PG_ENUM: case TypeKind::PG_CITEXT:
            return Family::text;
        case TypeKind::Boolean: case TypeKind::BOOLEAN: return Family::boolean;
        case TypeKind::Date: case TypeKind::DATE: case TypeKind::DateTime: case TypeKind::DATETIME:
        case TypeKind::TIMESTAMP: case TypeKind::PG_TIMESTAMP: case TypeKind::Time: case TypeKind::TIME:
        case TypeKind::PG_TIME: case TypeKind::Interval: case TypeKind::PG_INTERVAL:
            return Family::temporal;
        default: return Family::other;
    }
}

bool numberish(Family f) { return f == Family::integer || f == Family::numeric || f == Family::real; }

TypePtr make_type(TypeKind kind) {
    auto t = std::make_shared<TypeEngine>();
    t->kind = kind;
    return t;
}

ExprPtr node(ExprKind kind, std::string op, std::vector<ExprPtr> args, TypePtr type) {
    auto e = std::make_shared<Expr>();
    e->kind = kind;
    e->op = std::move(op);
    e->args = std::move(args);
    e->type = std::move(type);
    return e;
}

bool is_null_bind(const ExprPtr& e) {
    return e->kind == ExprKind::Null || (e->kind == ExprKind::Bind && e->value.kind == Literal::Kind::null);
}

// How an operand reads in an error message: "Integer expression", "str 'x'".
std::string describe(const ExprPtr& e) {
    if (e->kind == ExprKind::Bind) {
        switch (e->value.kind) {
            case Literal::Kind::text: return "str " + e->value.repr();
            case Literal::Kind::integer: return "int " + e->value.repr();
            case Literal::Kind::real: return "float " + e->value.repr();
            case Literal::Kind::decimal: return e->value.repr();
            case Literal::Kind::boolean: return "bool " + e->value.repr();
            case Literal::Kind::null: return "None";
        }
    }
    std::string what = e->type ? e->type->class_name() : "NullType";
    if (e->kind == ExprKind::Column) return what + " column '" + e->table->name + "." + e->column->name + "'";
    return what + " expression";
}

}  // namespace

std::string Literal::repr() const {
    switch (kind) {
        case Kind::null: return "None";
        case Kind::boolean: return i ? "True" : "False";
        case Kind::integer: return std::to_string(i);
        case Kind::real: {
            std::string s = fmt::format("{}", d);
            if (s.find_first_of(".en") == std::string::npos) s += ".0";
            return s;
        }
        case Kind::decimal: return "Decimal('" + text + "')";
        case Kind::text: return python_str_repr(text);
    }
    return "?";
}

std::string Expr::result_name() const {
    switch (kind) {
        case ExprKind::Column: return key.empty() ? column->name : key;
        case ExprKind::Label: return op;
        case ExprKind::Function: return op;
        default: return "";
    }
}

void Expr::collect_froms(std::vector<FromRef>& out) const {
    auto add = [&](FromRef r) {
        if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(std::move(r));
    };
    if (kind == ExprKind::Column) {
        if (!table) return;   // a bare column names no FROM item
        if (alias.empty()) add({table, ""});
        else if (alias_name.empty()) add({table, alias});
        return;
    }
    if (kind == ExprKind::Exists) return;   // a subquery's FROM is its own
    for (const auto& a : args) a->collect_froms(out);
}

void Expr::collect_tables(std::vector<const schema::Table*>& out) const {
    std::vector<FromRef> froms;
    collect_froms(froms);
    for (const auto& f : froms)
        if (f.alias.empty() && std::find(out.begin(), out.end(), f.table) == out.end()) out.push_back(f.table);
}

TypePtr boolean_type() {
    static TypePtr t = make_type(TypeKind::Boolean);
    return t;
}

TypePtr integer_type() {
    static TypePtr t = make_type(TypeKind::Integer);
    return t;
}

TypePtr literal_type(const Literal& v) {
    switch (v.kind) {
        case Literal::Kind::null: return nullptr;
        case Literal::Kind::boolean: return boolean_type();
        case Literal::Kind::integer: return integer_type();
        case Literal::Kind::real: {
            static TypePtr t = make_type(TypeKind::Float);
            return t;
        }
        case Literal::Kind::decimal: {
            static TypePtr t = make_type(TypeKind::Numeric);
            return t;
        }
        case Literal::Kind::text: {
            static TypePtr t = make_type(TypeKind::String);
            return t;
        }
    }
    return nullptr;
}

ExprPtr column(const schema::Table& table, const schema::Column& col, std::string key) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Column;
    e->table = &table;
    e->column = &col;
    e->key = key.empty() ? col.key : std::move(key);
    e->type = std::make_shared<TypeEngine>(col.type);
    return e;
}

ExprPtr bare_column(const schema::Column& col) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Column;
    e->column = &col;
    e->key = col.key.empty() ? col.name : col.key;
    e->type = std::make_shared<TypeEngine>(col.type);
    return e;
}

ExprPtr text(std::string sql, std::vector<std::pair<std::string, ExprPtr>> binds, TypePtr type) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Text;
    e->op = std::move(sql);
    for (auto& [name, value] : binds) {
        auto named = std::make_shared<Expr>(*value);
        named->key = name;
        e->args.push_back(named);
    }
    e->type = std::move(type);
    return e;
}

ExprPtr aliased_column(const schema::Table& table, const schema::Column& col, std::string alias, std::string name,
                       std::string key) {
    auto e = std::make_shared<Expr>(*column(table, col, std::move(key)));
    e->alias = std::move(alias);
    e->alias_name = std::move(name);
    return e;
}

ExprPtr bind(Literal value, TypePtr type) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Bind;
    e->value = std::move(value);
    e->type = std::move(type);
    return e;
}

ExprPtr parameter(TypePtr type) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Parameter;
    e->type = std::move(type);
    return e;
}

ExprPtr null() { return node(ExprKind::Null, "", {}, nullptr); }

ExprPtr coerce_to(ExprPtr e, const ExprPtr& like) {
    if (e->kind == ExprKind::Bind && !e->type && like->type && e->value.kind != Literal::Kind::null) {
        Family lf = family(like->type), vf = family(literal_type(e->value));
        // A literal takes the other side's type only where it fits it; a
        // misfit keeps its own type, so arithmetic can refuse it.
        bool fits = lf == vf || (numberish(lf) && numberish(vf)) ||
                    (lf == Family::temporal && vf == Family::text) || lf == Family::other ||
                    (lf == Family::boolean && vf == Family::integer);
        return bind(e->value, fits ? like->type : literal_type(e->value));
    }
    if (e->kind == ExprKind::Bind && !e->type) return bind(e->value, literal_type(e->value));
    return e;
}

ExprPtr compare(const std::string& op, ExprPtr left, ExprPtr right) {
    if (is_null_bind(right) && (op == "=" || op == "!=" || op == "IS" || op == "IS NOT"))
        return node(ExprKind::Binary, op == "=" || op == "IS" ? "IS" : "IS NOT", {left, null()}, boolean_type());
    if (is_null_bind(left) && (op == "=" || op == "!="))
        return node(ExprKind::Binary, op == "=" ? "IS" : "IS NOT", {right, null()}, boolean_type());
    // LIKE patterns are strings whatever the column's type.
    if (op.find("LIKE") != std::string::npos) right = coerce_to(right, left);
    else {
        right = coerce_to(right, left);
        left = coerce_to(left, right);
    }
    return node(ExprKind::Binary, op, {left, right}, boolean_type());
}

ExprPtr arithmetic(const std::string& op, ExprPtr left, ExprPtr right) {
    right = coerce_to(right, left);
    left = coerce_to(left, right);
    Family lf = family(left->type), rf = family(right->type);
    auto refuse = [&] {
        throw InputError("unsupported operand types for " + op + ": " + describe(left) + " and " + describe(right));
    };
    if (lf == Family::text || rf == Family::text) {
        // String + String is concatenation (SQLAlchemy's concat_op); nothing else applies to text.
        if (op == "+" && (lf == Family::text || lf == Family::none) && (rf == Family::text || rf == Family::none))
            return node(ExprKind::Binary, "||", {left, right}, lf == Family::text ? left->type : right->type);
        refuse();
    }
    if (lf == Family::boolean || rf == Family::boolean) refuse();
    if (lf == Family::temporal || rf == Family::temporal) {
        if (op != "+" && op != "-") refuse();
        if ((lf == Family::temporal && numberish(rf) && right->kind == ExprKind::Bind) ||
            (rf == Family::temporal && numberish(lf) && left->kind == ExprKind::Bind))
            refuse();
        return node(ExprKind::Binary, op, {left, right}, lf == Family::temporal ? left->type : right->type);
    }
    TypePtr type = left->type;
    // Integer op Numeric/Float is Numeric/Float (SQLAlchemy's _expression_adaptations).
    if (lf == Family::integer && (rf == Family::numeric || rf == Family::real)) type = right->type;
    if (lf == Family::none) type = right->type;
    return node(ExprKind::Binary, op, {left, right}, type);
}

ExprPtr negative(ExprPtr operand) {
    Family f = family(operand->type);
    if (f == Family::text || f == Family::boolean)
        throw InputError("bad operand type for unary -: " + describe(operand));
    return node(ExprKind::Unary, "-", {operand}, operand->type);
}

ExprPtr and_(std::vector<ExprPtr> clauses) {
    if (clauses.size() == 1) return clauses[0];
    return node(ExprKind::BoolList, "AND", std::move(clauses), boolean_type());
}

ExprPtr or_(std::vector<ExprPtr> clauses) {
    if (clauses.size() == 1) return clauses[0];
    return node(ExprKind::BoolList, "OR", std::move(clauses), boolean_type());
}

ExprPtr not_(ExprPtr clause) { return node(ExprKind::Unary, "NOT", {std::move(clause)}, boolean_type()); }

ExprPtr in_(ExprPtr left, std::vector<ExprPtr> items, bool negate) {
    std::vector<ExprPtr> args{left};
    for (auto& i : items) args.push_back(coerce_to(i, left));
    return node(ExprKind::InList, negate ? "NOT IN" : "IN", std::move(args), boolean_type());
}

ExprPtr between(ExprPtr e, ExprPtr low, ExprPtr high, bool negate) {
    return node(ExprKind::Between, negate ? "NOT BETWEEN" : "BETWEEN", {e, coerce_to(low, e), coerce_to(high, e)},
                boolean_type());
}

ExprPtr like_affix(ExprPtr e, ExprPtr pattern, bool before, bool after) {
    static TypePtr text = make_type(TypeKind::String);
    pattern = pattern->kind == ExprKind::Bind && !pattern->type ? bind(pattern->value, text) : pattern;
    ExprPtr p = pattern;
    if (before) p = node(ExprKind::Binary, "||", {bind(Literal::string("%"), text), p}, text);
    if (after) p = node(ExprKind::Binary, "||", {p, bind(Literal::string("%"), text)}, text);
    return node(ExprKind::Binary, "LIKE", {e, p}, boolean_type());
}

ExprPtr function(const std::string& name, std::vector<ExprPtr> args) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    TypePtr type;
    if (lower == "count") {
        type = integer_type();
        if (args.empty()) args.push_back(node(ExprKind::Star, "*", {}, nullptr));
    } else if (lower == "sum" || lower == "min" || lower == "max" || lower == "coalesce") {
        // SQLAlchemy's ReturnTypeFromArgs: the first typed argument's type.
        for (const auto& a : args)
            if (a->type && a->kind != ExprKind::Bind) { type = a->type; break; }
        if (!type)
            for (const auto& a : args)
                if (a->type || a->kind == ExprKind::Bind) { type = a->type ? a->type : literal_type(a->value); break; }
        if (lower == "coalesce" && args.size() > 1) {
            for (auto& a : args) a = coerce_to(a, args[0]);
        }
    } else if (lower == "char_length" || lower == "character_length") {
        type = integer_type();
    } else if (lower == "now" || lower == "current_timestamp" || lower == "localtimestamp") {
        type = make_type(TypeKind::DateTime);
    } else if (lower == "current_date") {
        type = make_type(TypeKind::Date);
    } else if (lower == "concat") {
        type = make_type(TypeKind::String);
    }
    // Anything else (avg, lower, upper, length, abs, round, ...) is NullType,
    // as SQLAlchemy 1.4 types them: the driver's value is returned as is.
    for (auto& a : args)
        if (a->kind == ExprKind::Bind && !a->type) a = bind(a->value, literal_type(a->value));
    return node(ExprKind::Function, name, std::move(args), type);
}

ExprPtr label(ExprPtr e, const std::string& name) {
    TypePtr t = e->type;
    return node(ExprKind::Label, name, {std::move(e)}, std::move(t));
}

ExprPtr ordering(ExprPtr e, bool descending) {
    TypePtr t = e->type;
    return node(ExprKind::Ordering, descending ? "DESC" : "ASC", {std::move(e)}, std::move(t));
}

ExprPtr case_(std::vector<std::pair<ExprPtr, ExprPtr>> whens, ExprPtr else_value) {
    std::vector<ExprPtr> args;
    TypePtr type;
    for (auto& [c, v] : whens) {
        if (!type && v->type) type = v->type;
        if (!type && v->kind == ExprKind::Bind) type = literal_type(v->value);
    }
    for (auto& [c, v] : whens) {
        args.push_back(c);
        args.push_back(v->kind == ExprKind::Bind && !v->type ? bind(v->value, literal_type(v->value)) : v);
    }
    std::string op;
    if (else_value) {
        op = "else";
        args.push_back(else_value->kind == ExprKind::Bind && !else_value->type
                           ? bind(else_value->value, literal_type(else_value->value))
                           : else_value);
    }
    return node(ExprKind::Case, op, std::move(args), type);
}

ExprPtr cast(ExprPtr e, TypePtr type) {
    if (e->kind == ExprKind::Bind && !e->type) e = bind(e->value, type);
    return node(ExprKind::Cast, "", {std::move(e)}, std::move(type));
}

}  // namespace orm::sql
