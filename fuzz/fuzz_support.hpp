// What every fuzz target shares: how an input becomes a SourceFile, and the
// rule that decides a finding. Bad input must end as an orm::Error of a
// documented category (invalid input, usage, database, ...): anything else
// escaping a reader (a std:: exception, an internal error, which the command
// line reports as exit 70) aborts the run, as crashes and sanitizer reports
// do by themselves.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>

#include "orm/core/error.hpp"
#include "orm/core/source.hpp"

namespace orm_fuzz {

inline std::shared_ptr<const orm::SourceFile> source_of(const std::uint8_t* data, std::size_t size,
                                                         const char* name) {
    return std::make_shared<orm::SourceFile>(name, std::string(reinterpret_cast<const char*>(data), size));
}

[[noreturn]] inline void finding(const char* what, const char* detail) {
    std::fprintf(stderr, "fuzz finding: %s: %s\n", what, detail);
    std::abort();
}

// Runs `read` on one input; an orm::Error other than an internal one is the
// expected outcome of bad input.
template <class F>
void expect_orm_errors(F&& read) {
    try {
        read();
    } catch (const orm::Error& e) {
        if (e.category() == orm::ErrorCategory::internal) finding("internal error (exit 70)", e.what());
    } catch (const std::exception& e) {
        finding("an exception that is not an orm::Error (exit 70)", e.what());
    } catch (...) {
        finding("a non-standard exception", "");
    }
}

}  // namespace orm_fuzz
