// INSERT / UPDATE / DELETE: their builders and their compilation by SQLCompiler.
#include "orm/sql/dml.hpp"

#include "orm/core/error.hpp"
#include "orm/sql/select_compiler.hpp"

namespace orm::sql {

namespace {

const schema::Column& column_of(const schema::Table& table, const std::string& name) {
    const schema::Column* c = table.column(name);
    if (!c) throw InternalError("table '" + table.fullname() + "' has no column '" + name + "'");
    return *c;
}

}  // namespace

Insert insert(const schema::Table& table, const std::vector<std::string>& columns) {
    Insert ins;
    ins.table = &table;
    for (const auto& name : columns) ins.columns.push_back(&column_of(table, name));
    return ins;
}

Update update(const schema::Table& table, const std::vector<std::string>& columns) {
    Update up;
    up.table = &table;
    for (const auto& name : columns) {
        const auto& c = column_of(table, name);
        up.values.emplace_back(&c, parameter());
    }
    return up;
}

ExprPtr column_is_parameter(const schema::Table& table, const std::string& name) {
    const auto& c = column_of(table, name);
    return compare("=", column(table, c), parameter());
}

CompiledStatement SQLCompiler::compile(const Insert& insert) const {
    if (!insert.table) throw InternalError("an INSERT needs a table");
    State st;
    std::string sql = "INSERT INTO " + ddl_->format_table(*insert.table);
    if (insert.columns.empty()) {
        if (!insert.rows.empty()) throw InternalError("an INSERT of rows needs their columns");
        sql += " DEFAULT VALUES";
    } else {
        sql += " (";
        for (size_t i = 0; i < insert.columns.size(); ++i) sql += (i ? ", " : "") + ddl_->quote(insert.columns[i]->name);
        sql += ") VALUES ";
        // Every value is used once, in order: the dialect's sequential placeholders.
        auto row_text = [&](const std::vector<ExprPtr>* values) {
            std::string out = "(";
            for (size_t i = 0; i < insert.columns.size(); ++i) {
                if (i) out += ", ";
                if (values) {
                    out += expr((*values)[i], st, false, true);
                } else {
                    // Untyped: the caller binds its values as the column's type wants.
                    st.params.push_back({Literal::null(), nullptr, st.parameters++});
                    out += sequential_placeholder(st.params.size());
                }
            }
            return out + ")";
        };
        if (insert.rows.empty()) {
            for (size_t r = 0; r < insert.parameter_rows; ++r) sql += (r ? ", " : "") + row_text(nullptr);
        } else {
            for (size_t r = 0; r < insert.rows.size(); ++r) {
                if (insert.rows[r].size() != insert.columns.size())
                    throw InternalError("an INSERT row has " + std::to_string(insert.rows[r].size()) + " values for " +
                                        std::to_string(insert.columns.size()) + " columns");
                sql += (r ? ", " : "") + row_text(&insert.rows[r]);
            }
        }
    }
    if (!insert.returning.empty()) {
        sql += " RETURNING ";
        for (size_t i = 0; i < insert.returning.size(); ++i)
            sql += (i ? ", " : "") + expr(column(*insert.table, *insert.returning[i]), st);
    }
    return {std::move(sql), std::move(st.params)};
}

CompiledStatement SQLCompiler::compile(const Update& update) const {
    if (!update.table) throw InternalError("an UPDATE needs a table");
    if (update.values.empty()) throw InternalError("an UPDATE needs a column to set");
    State st;
    std::string sql = "UPDATE " + ddl_->format_table(*update.table) + " SET ";
    for (size_t i = 0; i < update.values.size(); ++i)
        sql += (i ? ", " : "") + ddl_->quote(update.values[i].first->name) + "=" + expr(update.values[i].second, st);
    if (!update.where.empty()) sql += " WHERE " + where_text(update.where, st);
    return {std::move(sql), std::move(st.params)};
}

CompiledStatement SQLCompiler::compile(const Delete& del) const {
    if (!del.table) throw InternalError("a DELETE needs a table");
    State st;
    std::string sql = "DELETE FROM " + ddl_->format_table(*del.table);
    if (!del.where.empty()) sql += " WHERE " + where_text(del.where, st);
    return {std::move(sql), std::move(st.params)};
}

}  // namespace orm::sql
