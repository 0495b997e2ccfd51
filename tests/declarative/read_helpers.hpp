// Helpers for the declarative reader's tests: read a models file from a
// string, find tables/columns/mappers, and capture an InputError.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/declarative/models_reader.hpp"

namespace decl_test {

inline orm::declarative::ModelsFile read(const std::string& text) {
    return orm::declarative::read_models(std::make_shared<orm::SourceFile>("models.py", text));
}

// The InputError reading `text` throws (fails the test when none is thrown).
inline orm::InputError read_error(const std::string& text) {
    try {
        read(text);
    } catch (const orm::InputError& e) {
        return e;
    }
    FAIL("expected an InputError");
    throw;  // unreachable
}

inline const orm::schema::Table& table(const orm::declarative::ModelsFile& m, const std::string& name) {
    const orm::schema::Table* found = nullptr;
    for (auto& t : m.metadata.tables)
        if (t->fullname() == name) found = t.get();
    if (!found) FAIL("no table " << name);
    return *found;
}

inline const orm::schema::Column& column(const orm::schema::Table& t, const std::string& name) {
    for (auto& c : t.columns)
        if (c.name == name) return c;
    FAIL("no column " << name << " in " << t.name);
    throw;
}

inline const orm::session::MapperConfig& mapper(const orm::declarative::ModelsFile& m, const std::string& cls) {
    for (auto& mc : m.mappers)
        if (mc.class_name == cls) return mc;
    FAIL("no mapper " << cls);
    throw;
}

inline std::vector<std::string> column_names(const orm::schema::Table& t) {
    std::vector<std::string> out;
    for (auto& c : t.columns) out.push_back(c.name);
    return out;
}

// SQLAlchemy's preamble for 1.4-style test files.
inline const char* kPreamble =
    "from sqlalchemy import *\n"
    "from sqlalchemy.orm import declarative_base, relationship, backref, declared_attr\n"
    "Base = declarative_base()\n";

}  // namespace decl_test
