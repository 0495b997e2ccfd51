#include "orm/sql/select_compiler.hpp"

#include <algorithm>

#include "orm/core/error.hpp"

namespace orm::sql {

struct SQLCompiler::State {
    std::vector<BoundParam> params;
};

ExprPtr exists(Select subquery) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Exists;
    e->subquery = std::make_shared<const Select>(std::move(subquery));
    e->type = boolean_type();
    return e;
}

bool FromEntry::contains(const schema::Table* t) const {
    if (table == t && !subquery) return true;
    return std::any_of(joins.begin(), joins.end(), [&](const Join& j) { return j.table == t && j.alias.empty(); });
}

std::string SQLCompiler::render_ilike(const std::string& left, const std::string& right, bool negate) const {
    return "lower(" + left + ") " + (negate ? "NOT LIKE" : "LIKE") + " lower(" + right + ")";
}

std::string SQLCompiler::render_limit_offset(const std::string& limit, const std::string& offset) const {
    std::string out;
    if (!limit.empty()) out += " LIMIT " + limit;
    if (!offset.empty()) out += " OFFSET " + offset;
    return out;
}

// A composite operand is parenthesised: simpler than precedence tables, and
// never changes the meaning the Python expression had.
std::string SQLCompiler::operand(const ExprPtr& e, State& st) const {
    std::string s = expr(e, st);
    switch (e->kind) {
        case ExprKind::Binary:
        case ExprKind::BoolList:
        case ExprKind::InList:
        case ExprKind::Between:
            return "(" + s + ")";
        case ExprKind::Unary:
            return e->op == "NOT" ? "(" + s + ")" : s;
        default: return s;
    }
}

std::string SQLCompiler::expr(const ExprPtr& e, State& st, bool top) const {
    switch (e->kind) {
        case ExprKind::Column:
            if (!e->alias.empty())
                return ddl_->quote(e->alias) + "." + ddl_->quote(e->alias_name.empty() ? e->column->name : e->alias_name);
            return ddl_->format_table(*e->table) + "." + ddl_->quote(e->column->name);
        case ExprKind::Bind: {
            st.params.push_back({e->value, e->type});
            std::string ph = placeholder(st.params.size());
            return top ? render_select_bind(ph, st.params.back()) : ph;
        }
        case ExprKind::Null: return "NULL";
        case ExprKind::Star: return "*";
        case ExprKind::Exists: {
            const Select& sub = *e->subquery;
            std::string out = "EXISTS (SELECT 1 \nFROM " + from_text(sub, st);
            if (!sub.where.empty()) out += " \nWHERE " + expr(and_(sub.where), st);
            return out + ")";
        }
        case ExprKind::Binary: {
            std::string l = operand(e->args[0], st);
            if (e->op == "ILIKE" || e->op == "NOT ILIKE") return render_ilike(l, operand(e->args[1], st), e->op == "NOT ILIKE");
            return l + " " + e->op + " " + operand(e->args[1], st);
        }
        case ExprKind::Unary:
            return e->op == "NOT" ? "NOT " + operand(e->args[0], st) : e->op + operand(e->args[0], st);
        case ExprKind::BoolList: {
            std::string out;
            for (size_t i = 0; i < e->args.size(); ++i) out += (i ? " " + e->op + " " : "") + operand(e->args[i], st);
            return out;
        }
        case ExprKind::Function: {
            std::string out = e->op + "(";
            for (size_t i = 0; i < e->args.size(); ++i) out += (i ? ", " : "") + expr(e->args[i], st);
            return out + ")";
        }
        case ExprKind::Label: return expr(e->args[0], st, top) + " AS " + ddl_->quote(e->op);
        case ExprKind::Ordering: return operand(e->args[0], st) + " " + e->op;
        case ExprKind::InList: {
            std::string l = operand(e->args[0], st);
            if (e->args.size() == 1)   // an empty IN: SQLAlchemy's empty-set expression, always false (true for NOT IN)
                return e->op == "IN" ? "1 != 1" : "1 = 1";
            std::string out = l + " " + e->op + " (";
            for (size_t i = 1; i < e->args.size(); ++i) out += (i > 1 ? ", " : "") + expr(e->args[i], st);
            return out + ")";
        }
        case ExprKind::Between: {
            // Rendered in order: placeholders are numbered as they are met.
            std::string out = operand(e->args[0], st) + " " + e->op + " ";
            out += operand(e->args[1], st);
            out += " AND ";
            return out + operand(e->args[2], st);
        }
        case ExprKind::Case: {
            std::string out = "CASE";
            size_t pairs = (e->args.size() - (e->op == "else" ? 1 : 0)) / 2;
            for (size_t i = 0; i < pairs; ++i) {
                out += " WHEN " + expr(e->args[2 * i], st);
                out += " THEN " + expr(e->args[2 * i + 1], st);
            }
            if (e->op == "else") out += " ELSE " + expr(e->args.back(), st);
            return out + " END";
        }
    }
    return "";
}

std::string SQLCompiler::from_text(const Select& s, State& st) const {
    std::vector<FromEntry> entries = s.from;
    // Implicit FROM: the tables the statement reads that no entry covers.
    std::vector<const schema::Table*> used;
    for (const auto& c : s.columns) c->collect_tables(used);
    for (const auto& w : s.where) w->collect_tables(used);
    for (const auto& g : s.group_by) g->collect_tables(used);
    for (const auto& h : s.having) h->collect_tables(used);
    for (const auto& o : s.order_by) o->collect_tables(used);
    for (const auto* t : used) {
        if (std::find(s.correlate.begin(), s.correlate.end(), t) != s.correlate.end()) continue;
        bool covered = std::any_of(entries.begin(), entries.end(), [&](const FromEntry& f) { return f.contains(t); });
        if (!covered) entries.push_back(FromEntry{t, {}});
    }
    std::string out;
    for (size_t i = 0; i < entries.size(); ++i) {
        const auto& entry = entries[i];
        if (i) out += ", ";
        if (entry.subquery) out += "(" + select_text(*entry.subquery, st) + ") AS " + ddl_->quote(entry.alias);
        else out += ddl_->format_table(*entry.table);
        for (const auto& j : entry.joins) {
            out += std::string(j.outer ? " LEFT OUTER JOIN " : " JOIN ") + ddl_->format_table(*j.table);
            if (!j.alias.empty()) out += " AS " + ddl_->quote(j.alias);
            out += " ON " + expr(j.on, st);
        }
    }
    return out;
}

std::string SQLCompiler::select_text(const Select& s, State& st) const {
    if (s.columns.empty()) throw InputError("a SELECT needs at least one column");
    std::string sql = "SELECT ";
    if (!s.distinct_on.empty() && supports_distinct_on()) {
        sql += "DISTINCT ON (";
        for (size_t i = 0; i < s.distinct_on.size(); ++i) sql += (i ? ", " : "") + expr(s.distinct_on[i], st);
        sql += ") ";
    } else if (s.distinct || !s.distinct_on.empty()) {
        sql += "DISTINCT ";
    }
    for (size_t i = 0; i < s.columns.size(); ++i) sql += (i ? ", " : "") + expr(s.columns[i], st, true);
    std::string from = from_text(s, st);
    if (!from.empty()) sql += " \nFROM " + from;
    if (!s.where.empty()) sql += " \nWHERE " + expr(and_(s.where), st);
    if (!s.group_by.empty()) {
        sql += " GROUP BY ";
        for (size_t i = 0; i < s.group_by.size(); ++i) sql += (i ? ", " : "") + expr(s.group_by[i], st);
    }
    if (!s.having.empty()) sql += " \nHAVING " + expr(and_(s.having), st);
    if (!s.order_by.empty()) {
        sql += " ORDER BY ";
        for (size_t i = 0; i < s.order_by.size(); ++i) sql += (i ? ", " : "") + expr(s.order_by[i], st);
    }
    std::string limit, offset;
    if (s.limit) {
        st.params.push_back({Literal::integer(*s.limit), integer_type()});
        limit = placeholder(st.params.size());
    }
    if (s.offset) {
        st.params.push_back({Literal::integer(*s.offset), integer_type()});
        offset = placeholder(st.params.size());
    }
    if (s.limit || s.offset) sql += "\n" + render_limit_offset(limit, offset);
    return sql;
}

CompiledSelect SQLCompiler::compile(const Select& select) const {
    State st;
    std::string sql = select_text(select, st);
    return {std::move(sql), std::move(st.params)};
}

CompiledSelect SQLCompiler::compile_count(const Select& select) const {
    State st;
    std::string inner = select_text(select, st);
    return {"SELECT count(*) AS count_1 \nFROM (" + inner + ") AS anon_1", std::move(st.params)};
}

CompiledSelect SQLCompiler::compile_expression(const ExprPtr& e) const {
    State st;
    std::string sql = expr(e, st);
    return {std::move(sql), std::move(st.params)};
}

}  // namespace orm::sql
