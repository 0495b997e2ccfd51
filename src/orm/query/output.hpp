// Running a read query and writing its result (SPEC §7's output formats).
//
// Shapes, by terminal: all() is a list of rows; first(), one(),
// one_or_none() and get() are one row or None; scalar() is one value or
// None; count() is an integer. A row of a one-entity query is the entity; a
// row of several items is a tuple keyed by labels: the attribute key, the
// label() name, the function name (count, sum, ...), else "anon"; a repeated
// label gets "_2", "_3", ... in order. An entity is its column attributes in
// mapper order, then its eagerly loaded relationships as SQLAlchemy's mapper
// lists them (those declared on the class, then backrefs; an object or null,
// or a list), nested the same way.
//
// Values: exact Numeric digits (a JSON number, never through a float),
// datetimes/dates/times in ISO-8601 as Python's isoformat() writes them,
// bytes base64, NULL as null (json/ndjson), empty (csv/tsv/table) or None (repr).
//
// Formats:
// - json: a JSON array, one row per line (a single value for non-list terminals).
// - ndjson: one JSON value per line.
// - csv: RFC 4180 quoting, a header line of labels, "\n" line ends (not
//   RFC 4180's "\r\n", which Python's csv module writes: "\n" is what
//   `sqlite3 -csv` and `psql --csv` write and what line-based tools expect;
//   CSV readers, Python's included, accept both; a value holding CR or LF is
//   quoted); an entity contributes its columns (relationships are left out).
// - tsv: tab-separated, a header line; tab, newline, carriage return and
//   backslash escaped as \t \n \r \\ (PostgreSQL's text COPY format).
// - table: aligned columns under a header, then "(N rows)"; widths in
//   terminal columns by Unicode's rules, numeric columns right-aligned, line
//   breaks in a cell shown as "↵". The columns are sized from the first 1000
//   rows, which are held back; later rows stream, padded to those widths (a
//   wider cell shifts the rest of its line, or is cut under a width limit).
//   TableOptions fits a screen.
// - repr: Python's repr() of what SQLAlchemy 1.4 returns: [(1, 'John'), ...],
//   Decimal('10.81'), datetime.datetime(...). Entities print as orm's
//   <Customer id=1 first_name='Toby' ...>: SQLAlchemy's default
//   <models.Customer object at 0x...> holds a memory address, and a models
//   file's __repr__ is Python code orm does not run.
//
// Rows stream: all() writes each row as it is read (except eager-loaded
// queries, and table's first 1000 rows), so memory stays flat as the result
// grows. Without eager loads the cells go from the driver to the output
// without session values (cells.hpp), through a 256 KiB buffer.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "orm/query/reader.hpp"

namespace orm::query {

enum class Format { table, json, ndjson, csv, tsv, repr };

// "table" / "json" / ... -> Format; UsageError for anything else.
Format parse_format(const std::string& name);

// How the table format fits a screen (orm/query/table_layout.hpp).
struct TableOptions {
    // The width to fit, in terminal columns: wider columns are cut ("…"),
    // and rows that cannot fit even so print expanded. 0: no limit.
    size_t max_width = 0;
    // One "name | value" line per field, a "-[ RECORD n ]" line per row (psql's \x).
    bool expanded = false;
};

// Told the number of rows written so far, every 1,000 rows of an all()
// result: for a progress display while a long result goes to a file.
using RowsWritten = std::function<void(size_t rows)>;

// Runs the query read by read_query() and writes its result to `out`.
// Throws ConditionFailed for one()/scalar()'s NoResultFound/MultipleResultsFound.
void run_query(ReadQuery& query, Format format, std::ostream& out, const TableOptions& table = {},
               const RowsWritten& rows_written = {});

}  // namespace orm::query
