// INSERT, UPDATE and DELETE, as SQLAlchemy's Insert, Update and Delete
// constructs: built from schema::Tables and expressions, compiled by the
// dialect's statement compiler (SQLCompiler::compile). The unit of work,
// the seeder and the migration runner write rows only through these.
//
// Values are expressions: bound literals (sql::bind, every value a bound
// parameter, never text) or parameters (sql::parameter), whose values the
// caller supplies when it runs the statement, in the order the compiled
// statement lists them. The unit of work binds one INSERT to many rows that
// way (executemany); Core DML (insert(t).values(...)) binds literals.
//
// Rendering follows SQLAlchemy's: INSERT INTO t (a, b) VALUES (...), (...)
// RETURNING t.id; INSERT INTO t DEFAULT VALUES; UPDATE t SET a=?, b=? WHERE
// t.id = ?; DELETE FROM t WHERE t.id = ?.
#pragma once

#include <utility>
#include <vector>

#include "orm/sql/expression.hpp"

namespace orm::sql {

struct Insert {
    const schema::Table* table = nullptr;
    // The columns given; none: INSERT ... DEFAULT VALUES.
    std::vector<const schema::Column*> columns;
    // Rows of values, one expression per column. None: `parameter_rows`
    // rows of parameters, one per column (one row: the statement run once
    // per row; more: a multi-row INSERT of the caller's values, row by row).
    std::vector<std::vector<ExprPtr>> rows;
    std::size_t parameter_rows = 1;
    // RETURNING these columns.
    std::vector<const schema::Column*> returning;
};

struct Update {
    const schema::Table* table = nullptr;
    std::vector<std::pair<const schema::Column*, ExprPtr>> values;   // SET column=value
    std::vector<ExprPtr> where;                                      // ANDed; none: every row
};

struct Delete {
    const schema::Table* table = nullptr;
    std::vector<ExprPtr> where;   // ANDed; none: every row
};

// INSERT INTO `table` of `columns` (by name, in order), one row of parameters.
Insert insert(const schema::Table& table, const std::vector<std::string>& columns = {});
// UPDATE `table` SET each of `columns` (by name) to a parameter.
Update update(const schema::Table& table, const std::vector<std::string>& columns);
// `table`.`column` = a parameter: a WHERE clause of the unit of work.
// (Parameters are untyped: the caller binds values as their columns want.)
ExprPtr column_is_parameter(const schema::Table& table, const std::string& column);

}  // namespace orm::sql
