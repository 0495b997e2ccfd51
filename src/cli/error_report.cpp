#include "cli/error_report.hpp"

#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/exit_code.hpp"
#include "orm/dialect/connection.hpp"

namespace orm::cli {

namespace {

std::string category_name(ErrorCategory category) {
    switch (category) {
        case ErrorCategory::condition_failed: return "condition_failed";
        case ErrorCategory::usage: return "usage";
        case ErrorCategory::invalid_input: return "invalid_input";
        case ErrorCategory::database: return "database";
        case ErrorCategory::refused: return "refused";
        case ErrorCategory::internal: return "internal";
    }
    return "internal";
}

// A database error's kind as the driver tells it apart, for scripts that
// retry on a lock timeout but not on a constraint.
std::string driver_kind(dialect::ErrorKind kind) {
    switch (kind) {
        case dialect::ErrorKind::connection: return "connection";
        case dialect::ErrorKind::unique_violation: return "unique_violation";
        case dialect::ErrorKind::foreign_key_violation: return "foreign_key_violation";
        case dialect::ErrorKind::not_null_violation: return "not_null_violation";
        case dialect::ErrorKind::check_violation: return "check_violation";
        case dialect::ErrorKind::lock_timeout: return "lock_timeout";
        case dialect::ErrorKind::undefined_table: return "undefined_table";
        case dialect::ErrorKind::other: break;
    }
    return "database";
}

void write_json(int code, const std::string& kind, const std::string& message, nlohmann::json file, nlohmann::json line,
                nlohmann::json column, nlohmann::json pointer) {
    nlohmann::json doc = {{"error",
                           {{"code", code}, {"kind", kind}, {"message", message}, {"file", std::move(file)},
                            {"line", std::move(line)}, {"column", std::move(column)}, {"pointer", std::move(pointer)}}}};
    std::cout << doc.dump(2) << std::endl;
}

}  // namespace

int report_error(const Terminal& terminal, const Error& e, bool json,
                 const std::function<std::string(const std::string&)>& scrub) {
    const int code = exit_status(exit_code_for(e.category()));
    const bool bug = e.category() == ErrorCategory::internal;
    const auto* input = dynamic_cast<const InputError*>(&e);
    if (input && (input->file() || input->message() != e.what())) {
        // Already "file:line:col: error: ..." with the source line and a
        // caret, or "where: error: ..." for input located another way.
        std::cerr << scrub(e.what()) << std::endl;
    } else {
        terminal.error(scrub(bug ? std::string("internal error: ") + e.what() : e.what()));
    }
    if (!json) return code;
    std::string kind = category_name(e.category());
    if (const auto* driver = dynamic_cast<const dialect::DriverError*>(&e)) kind = driver_kind(driver->kind());
    if (input) {
        const auto& loc = input->location();
        bool located = input->file() && loc.line > 0;
        write_json(code, kind, scrub(input->message()), located ? nlohmann::json(input->file()->name()) : nullptr,
                   located ? nlohmann::json(loc.line) : nullptr, located ? nlohmann::json(loc.column) : nullptr,
                   input->pointer().empty() ? nlohmann::json(nullptr) : nlohmann::json(input->pointer()));
    } else {
        write_json(code, kind, scrub(e.what()), nullptr, nullptr, nullptr, nullptr);
    }
    return code;
}

void report_plain_error(const Terminal& terminal, int code, const std::string& kind, const std::string& message,
                        bool json) {
    terminal.error(message);
    if (json) write_json(code, kind, message, nullptr, nullptr, nullptr, nullptr);
}

}  // namespace orm::cli
