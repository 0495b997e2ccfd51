// The exception hierarchy. Every error orm raises derives from orm::Error and
// carries its category; only the command line (src/cli/exit_code.hpp) turns a
// category into an exit code (SPEC §3), so the library knows no exit codes.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "orm/core/source.hpp"

namespace orm {

// What kind of failure an error is, for the caller that reports it.
enum class ErrorCategory {
    condition_failed,   // check/diff found differences; one()/scalar() found no row or several
    usage,              // bad command line, unreadable file, malformed URL
    invalid_input,      // models file, migration script, seed data, query expression
    database,           // connection, SQL, constraint, lock timeout (rolled back)
    refused,            // refused for safety
    internal,           // a bug in orm: a call its own contract forbids
};

// The one root of every error orm raises.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    virtual ErrorCategory category() const = 0;
};

// A command-line usage problem: unknown option, malformed URL, missing file.
class UsageError : public Error {
public:
    using Error::Error;
    ErrorCategory category() const override { return ErrorCategory::usage; }
};

// Invalid user input with a location. what() is the whole rendered message:
//   models.py:12:5: error: unknown type 'Strin'
//     name = Column(Strin(50))
//                   ^~~~~
// `message()` is the bare message without position or snippet.
class InputError : public Error {
public:
    // Input from a source file: position and snippet come from `loc` (its
    // own file when it names one, else `file`).
    InputError(const std::string& message, std::shared_ptr<const SourceFile> file, SourceLocation loc);
    // As above, with `trailer` (e.g. the frames a Python exception passed) after the snippet.
    InputError(const std::string& message, std::shared_ptr<const SourceFile> file, SourceLocation loc,
               const std::string& trailer);
    // Input located some other way (a JSON pointer, a URL): `where` is printed before the message.
    InputError(const std::string& message, const std::string& where);
    explicit InputError(const std::string& message);

    ErrorCategory category() const override { return ErrorCategory::invalid_input; }
    const std::string& message() const { return message_; }
    const SourceLocation& location() const { return loc_; }
    const std::shared_ptr<const SourceFile>& file() const { return file_; }
    // The JSON pointer of the value at fault when the input is a JSON
    // document, else "" (what() names it too; this is for --format json).
    const std::string& pointer() const { return pointer_; }
    InputError& with_pointer(std::string pointer) {
        pointer_ = std::move(pointer);
        return *this;
    }

private:
    InputError(const std::string& message, std::shared_ptr<const SourceFile> file, SourceLocation loc, int);
    std::string message_;
    std::shared_ptr<const SourceFile> file_;
    SourceLocation loc_;
    std::string pointer_;
};

// The database refused or could not be reached. The transaction was rolled back.
class DatabaseError : public Error {
public:
    using Error::Error;
    ErrorCategory category() const override { return ErrorCategory::database; }
};

// A condition the user asked about does not hold (differences found, no row, several rows).
class ConditionFailed : public Error {
public:
    using Error::Error;
    ErrorCategory category() const override { return ErrorCategory::condition_failed; }
};

// Refused for safety: data loss, a modified applied migration, not at head.
class SafetyError : public Error {
public:
    using Error::Error;
    ErrorCategory category() const override { return ErrorCategory::refused; }
};

// A bug in orm rather than in its input: a function called against its own
// contract. The command line reports it as an internal error.
class InternalError : public Error {
public:
    using Error::Error;
    ErrorCategory category() const override { return ErrorCategory::internal; }
};

}  // namespace orm
