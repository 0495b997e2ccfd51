#include "orm/core/error.hpp"

namespace orm {

namespace {
std::string render(const std::string& message, const SourceFile* file, const SourceLocation& loc) {
    if (!file) return message;
    std::string out = format_position(*file, loc) + ": error: " + message;
    std::string snippet = format_snippet(*file, loc);
    if (!snippet.empty()) out += "\n" + snippet.substr(0, snippet.size() - 1);
    return out;
}
}  // namespace

namespace {
// The file a location names wins over the one the caller holds: the caller
// may be reading another module than the one the location is in.
std::shared_ptr<const SourceFile> file_of(std::shared_ptr<const SourceFile> given, const SourceLocation& loc) {
    if (loc.file && loc.file != given.get()) return loc.file->shared_from_this();
    return given;
}
}  // namespace

InputError::InputError(const std::string& message, std::shared_ptr<const SourceFile> file, SourceLocation loc)
    : InputError(message, file_of(std::move(file), loc), loc, 0) {}

InputError::InputError(const std::string& message, std::shared_ptr<const SourceFile> file, SourceLocation loc, int)
    : Error(render(message, file.get(), loc)), message_(message), file_(std::move(file)), loc_(loc) {}

InputError::InputError(const std::string& message, std::shared_ptr<const SourceFile> file, SourceLocation loc,
                       const std::string& trailer)
    : Error(render(message, file_of(file, loc).get(), loc) + trailer), message_(message), file_(file_of(file, loc)), loc_(loc) {}

InputError::InputError(const std::string& message, const std::string& where)
    : Error(where.empty() ? message : where + ": error: " + message), message_(message) {}

InputError::InputError(const std::string& message) : Error(message), message_(message) {}

}  // namespace orm
