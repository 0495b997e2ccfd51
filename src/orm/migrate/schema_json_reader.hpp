// Reading the metadata JSON (the format schema_json.hpp documents: what
// `orm inspect --format json` and share/orm/dump_metadata.py write) back
// into schema::MetaData, for `--models schema.json`: the escape hatch for
// models orm cannot run, and the way a reflected schema becomes the models.
//
// Types come from "class" (and "dialect") with their fields, exactly; SQL
// text (server defaults, CHECK bodies, index expressions and predicates)
// becomes raw SQL clauses, emitted as written. Every object keeps its
// position in the file, so later errors (a PostgreSQL type on SQLite, an
// index without a name) point at the JSON too. Malformed JSON, a value of
// the wrong shape, an unknown type class or a name that refers to nothing is
// an InputError at the value's line:column with its JSON pointer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/declarative/models_reader.hpp"
#include "orm/schema/table.hpp"

namespace orm::migrate {

struct MetadataDocument {
    std::string dialect;                   // "sqlite", "postgresql", or "" when the document does not say
    schema::MetaData metadata;             // tables in document order; source = the JSON file
    std::vector<schema::EnumSpec> enums;   // the top-level "enums"
};

// Reads a metadata JSON document; throws InputError as above.
MetadataDocument read_metadata_json(std::shared_ptr<const SourceFile> source);

// Whether a --models path names a metadata JSON rather than Python models.
bool is_metadata_json_path(const std::string& path);

struct JsonModels {
    declarative::ModelsFile models;   // the metadata; no mapped classes, no engine URL
    std::string dialect;              // the document's dialect ("" when it does not say)
};

// Loads `path` for --models: throws UsageError when it cannot be read,
// InputError for its content (and when it has no table, as for Python models).
JsonModels load_models_json(const std::string& path);

}  // namespace orm::migrate
