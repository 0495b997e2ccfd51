// The exception hierarchy. Library code throws these; only the CLI layer turns
// them into exit codes (see SPEC §3), so every type carries its exit code.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "orm/core/source.hpp"

namespace orm {

// Exit codes of the command line (SPEC §3).
enum class ExitCode : int {
    ok = 0,
    condition_failed = 1,   // check/diff found differences; one()/scalar() found no row or several
    usage = 2,              // bad command line, unreadable file, malformed URL
    invalid_input = 3,      // models file, migration script, seed data, query expression
    database = 4,           // connection, SQL, constraint, lock timeout (rolled back)
    refused = 5,            // refused for safety
};

// The one root of every error orm raises.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    virtual ExitCode exit_code() const = 0;
};

// A command-line usage problem: unknown option, malformed URL, missing file.
class UsageError : public Error {
public:
    using Error::Error;
    ExitCode exit_code() const override { return ExitCode::usage; }
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

    ExitCode exit_code() const override { return ExitCode::invalid_input; }
    const std::string& message() const { return message_; }
    const SourceLocation& location() const { return loc_; }
    const std::shared_ptr<const SourceFile>& file() const { return file_; }

private:
    InputError(const std::string& message, std::shared_ptr<const SourceFile> file, SourceLocation loc, int);
    std::string message_;
    std::shared_ptr<const SourceFile> file_;
    SourceLocation loc_;
};

// The database refused or could not be reached. The transaction was rolled back.
class DatabaseError : public Error {
public:
    using Error::Error;
    ExitCode exit_code() const override { return ExitCode::database; }
};

// A condition the user asked about does not hold (differences found, no row, several rows).
class ConditionFailed : public Error {
public:
    using Error::Error;
    ExitCode exit_code() const override { return ExitCode::condition_failed; }
};

// Refused for safety: data loss, a modified applied migration, not at head.
class SafetyError : public Error {
public:
    using Error::Error;
    ExitCode exit_code() const override { return ExitCode::refused; }
};

}  // namespace orm
