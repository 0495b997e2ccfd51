// Reading a SQLAlchemy declarative models file natively: the file's tables
// (MetaData) and mapped classes (MapperConfig), as SQLAlchemy would see them
// when importing the file. See SPEC §1.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/schema/table.hpp"
#include "orm/session/mapper_config.hpp"

namespace orm::declarative {

struct ModelsRuntime;

struct ModelsFile {
    schema::MetaData metadata;
    std::vector<session::MapperConfig> mappers;     // in class definition order
    std::optional<std::string> engine_url;          // create_engine(URL)'s first argument, computed
    SourceLocation engine_url_loc;
    // Set when a create_engine() argument could not be computed (e.g. an
    // unset environment variable): the message, at engine_url_loc.
    std::optional<std::string> engine_url_problem;
    std::shared_ptr<const SourceFile> source;       // the first module read
    int modules_read = 0;                           // project source files run
    std::vector<std::string> environment_reads;     // variables the models read, in order
    std::vector<std::string> warnings;              // what orm treated differently from Python (opaque values taken as false, ...)
    // The interpreter the models ran on, kept for their Python-side defaults.
    std::shared_ptr<ModelsRuntime> runtime;
};

struct LoadOptions {
    // The directory absolute imports resolve from; default: the first
    // ancestor of the models path that is not a package.
    std::optional<std::string> project_root;
    // The dialect with_variant() and TypeDecorator.load_dialect_impl choose for.
    std::string dialect = "sqlite";
    // More directories modules outside the project are looked up in, after
    // the project root (packages orm does not implement, or stubs of them).
    std::vector<std::string> python_path;
    // Values from modules orm does not run are an error wherever their
    // meaning is needed, instead of false/empty with a warning.
    bool strict = false;
    // os.environ for the models; default: the process environment.
    std::function<std::optional<std::string>(const std::string&)> getenv;
};

// Reads models held in memory as one module. Throws InputError
// (file:line:col) for anything SQLAlchemy would reject at import time and
// for what orm cannot run; relationships are recorded, not validated.
ModelsFile read_models(std::shared_ptr<const SourceFile> source, const LoadOptions& options = {});

// Loads the models at `where`: a .py file, a package directory (every
// module under it), or a dotted module name under the project root. Throws
// UsageError when the path names nothing, InputError (with its location)
// for code that fails, and InputError when no table is mapped.
ModelsFile load_models(const std::string& where, const LoadOptions& options);

// load_models(path) with the default options.
ModelsFile read_models_file(const std::string& path);

}  // namespace orm::declarative
