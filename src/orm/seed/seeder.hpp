// Seeding: loading JSON / NDJSON records through the session (SPEC §6).
//
// Contracts:
// - Top-level keys name mapped classes (or tables); values are arrays of
//   records whose keys are attribute names. Relationships take nested
//   records, arrays of them, "@alias" references to records carrying "$id",
//   or {"$ref": {unique columns}} lookups of existing rows.
// - Every value is checked against its column's type before any SQL runs
//   for its record; errors name the JSON pointer and file:line:column (InputError).
// - A conflict is a record matching an existing row (or an earlier record of
//   the same run) on its primary key or any unique constraint / unique index:
//   OnConflict::error raises DatabaseError, skip leaves the row alone,
//   update sets the attributes that differ. A record with neither a primary
//   key nor a unique value cannot conflict: skip and update warn (once per
//   class; an InputError under `strict`), as it is inserted on every run.
// - A database error while the records are written names the record (its
//   JSON pointer and file:line:column) when it can tell which one failed.
// - Everything runs in one transaction; any error rolls all of it back.
//   dry_run does the work and rolls back.
// - Input is read one record at a time and flushed through the unit of work
//   in batches of about `batch_size` objects; flushed objects are let go (an
//   "@alias" keeps only its class and primary key), so memory does not grow
//   with the number of records. An NDJSON file or stream is read line by
//   line; a JSON document is held whole as text (its records are still
//   processed one by one). A forward "@alias" (to a record further on)
//   holds the flush back until that record is read.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orm/engine/engine.hpp"
#include "orm/core/json_document.hpp"
#include "orm/session/mapper.hpp"

namespace orm::seed {

// The JSON document reader (with positions) lives in core/: seed files and
// metadata JSON both use it.
using json::Cursor;
using json::Document;
using json::Node;
using json::parse_document;
using json::parse_value;
using json::pointer_token;
using json::Text;

enum class OnConflict { error, skip, update };

struct SeedProgress {
    size_t records = 0;      // records read so far
    size_t bytes_read = 0;   // input read so far, in bytes, over every input: against the files' sizes, a fraction done
    bool done = false;       // the data is written
};

struct SeedOptions {
    OnConflict on_conflict = OnConflict::error;
    bool dry_run = false;
    // Objects gathered before a flush (and then released). Small enough that
    // a batch's objects stay in the CPU cache through the flush's passes over
    // them; big enough that PostgreSQL still loads each table's rows by COPY.
    size_t batch_size = 5000;
    // Called every 1,000 records read and once after the data is written
    // (done): for a progress display.
    std::function<void(const SeedProgress&)> progress;
    // Told what deserves a warning (records no conflict can be detected for),
    // located as "file:line:col: /pointer: ..."; with `strict` these are errors.
    std::function<void(const std::string&)> warn;
    bool strict = false;
};

struct ClassCounts {
    size_t inserted = 0, updated = 0, skipped = 0;
};

struct SeedSummary {
    std::vector<std::pair<std::string, ClassCounts>> classes;   // in first-seen order
    bool dry_run = false;
    ClassCounts total() const;
    nlohmann::json to_json() const;
    // "Customer: 2 inserted, 0 updated, 0 skipped" lines and a total.
    std::string to_text() const;
};

// A seed input: text in memory (`source`, a JSON document or NDJSON as
// `ndjson` says), or, when `source` is null, the file at `path` read as it
// is consumed: NDJSON when its name ends in .ndjson / .jsonl, else a JSON
// document; "-" is standard input, NDJSON when its first non-blank line is a
// complete JSON object on its own.
struct SeedInput {
    std::shared_ptr<const SourceFile> source;
    bool ndjson = false;
    std::string path;
};

// True for names ending in .ndjson or .jsonl.
bool is_ndjson_name(const std::string& name);

SeedSummary seed(engine::Engine engine, const session::Registry& registry, const std::vector<SeedInput>& inputs,
                 const SeedOptions& options = {});

}  // namespace orm::seed
