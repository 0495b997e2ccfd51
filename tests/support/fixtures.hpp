// Fixtures the tests of several layers share. tests/support is the test
// suite's top layer (it links every library, as the orm binary does), so a
// test of a lower layer gets its mapped classes or connect parameters here,
// made the way orm itself makes them, instead of including the layers above
// its own (scripts/check_layers.py checks the tests' includes too).
#pragma once

#include <functional>
#include <string>

#include "orm/declarative/models_reader.hpp"
#include "orm/dialect/dialect.hpp"

namespace orm_test {

using ModelsFile = orm::declarative::ModelsFile;

// A models file's MetaData and mapper configurations, read from `text` as
// `orm --models` reads a file named `name`.
ModelsFile read_models(const std::string& text, const std::string& name = "models.py");

// The driver's connect parameters for a database URL, as an Engine makes them.
orm::dialect::ConnectParams connect_params(const std::string& url);

// The kind of the DriverError `f` throws; a test failure when it throws none.
orm::dialect::ErrorKind driver_error_kind(const std::function<void()>& f);

}  // namespace orm_test
