// The PostgreSQL driver connection. libpqxx 6.4 holds the connection (it
// connects, closes, takes the notices) and runs the transactions: BEGIN,
// COMMIT, ROLLBACK and savepoints go through its transaction objects
// (postgresql_transactions.hpp). Statements that carry values or rows run on
// the libpq handle underneath, for what libpqxx 6.4 lacks: rows stream in
// single-row mode, executemany pipelines its statements, COPY overlaps the
// next batch, and every value travels as a bound parameter with its type.
//
// Parameter types: booleans, integers and doubles are sent as bool / int8 /
// float8; text and NULL as "unknown", so the server infers the type from
// context (a date, numeric, enum or json column takes the text as written);
// blobs are sent in binary as bytea. Results arrive as text and are converted
// by type: bool, int2/4/8/oid and float4/8 to those kinds, bytea to a blob,
// everything else (numeric included, so its digits stay exact) to text.
#pragma once

#include <memory>

#include "orm/dialect/connection.hpp"
#include "orm/dialect/dialect.hpp"

namespace orm::dialect {

// Connects to the server named by `params` (host may be a unix-socket
// directory; URL query options are passed to libpq as connection keywords).
// Failure: DriverError "could not connect to server at HOST:PORT: <reason>",
// never including the password.
std::unique_ptr<Connection> open_postgresql_connection(const ConnectParams& params);

}  // namespace orm::dialect
