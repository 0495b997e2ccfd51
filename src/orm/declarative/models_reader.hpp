// Reading a SQLAlchemy declarative models file natively: the file's tables
// (MetaData) and mapped classes (MapperConfig), as SQLAlchemy would see them
// when importing the file. See SPEC §1.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/schema/table.hpp"
#include "orm/session/mapper_config.hpp"

namespace orm::declarative {

struct ModelsFile {
    schema::MetaData metadata;
    std::vector<session::MapperConfig> mappers;     // in class definition order
    std::optional<std::string> engine_url;          // create_engine("URL")'s first argument
    SourceLocation engine_url_loc;
    std::shared_ptr<const SourceFile> source;
};

// Reads a models file held in memory. Throws InputError (file:line:col) for
// anything SQLAlchemy would reject at import time and for schema constructs
// orm cannot read; relationships are recorded, not validated.
ModelsFile read_models(std::shared_ptr<const SourceFile> source);

// Loads `path` and reads it; UsageError when the file cannot be read.
ModelsFile read_models_file(const std::string& path);

}  // namespace orm::declarative
