// Source text and positions in it: what every error about user input points at.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace orm {

// A file (or command-line string) held in memory so that errors can quote
// the offending line. Immutable once built; shared by the AST that points into it.
class SourceFile : public std::enable_shared_from_this<SourceFile> {
public:
    SourceFile(std::string name, std::string text);
    ~SourceFile();
    SourceFile(const SourceFile&) = delete;
    SourceFile& operator=(const SourceFile&) = delete;

    // Reads a file from disk (a regular file is mapped, not copied); throws
    // UsageError when it cannot be read.
    static std::shared_ptr<const SourceFile> load(const std::string& path);

    const std::string& name() const { return name_; }
    std::string_view text() const { return text_; }
    // The text of 1-based line `line`, without its newline ("" when out of range).
    std::string_view line_text(int line) const;
    int line_count() const { return static_cast<int>(line_starts().size()); }

private:
    struct Mapped {};
    SourceFile(Mapped, std::string name, const void* map, size_t size);
    // Where each line starts, found on first use: only messages quote a
    // line, and most files (every module of a models package, a seed's
    // JSON) are read without one.
    const std::vector<size_t>& line_starts() const;

    std::string name_;
    std::string owned_;             // the text, unless it is mapped
    const void* map_ = nullptr;     // a read-only mapping of the file (text_'s size), unmapped with it
    std::string_view text_;
    mutable std::once_flag lines_indexed_;
    mutable std::vector<size_t> line_starts_;
};

// A position in a SourceFile: 1-based line and column (column counts
// characters, not bytes, so a caret lines up under non-ASCII text).
// line == 0 means "no location".
//
// `file` names the file the position is in, so that a location travels on its
// own between the modules of a project (a column declared in one module and
// found wrong while reading another). It is set by the lexer; the file is
// kept alive by whoever owns the syntax tree (the interpreter keeps every
// module it ran), and may be null for positions made without a file.
struct SourceLocation {
    int line = 0;
    int column = 0;
    int end_line = 0;
    int end_column = 0;
    const SourceFile* file = nullptr;

    bool known() const { return line > 0; }
};

// "file:line:col" (or just "file" when the location is unknown).
std::string format_position(const SourceFile& file, const SourceLocation& loc);

// The quoted source line with a caret (and tildes to the end column when the
// span is on one line) under the location, each line indented by two spaces.
std::string format_snippet(const SourceFile& file, const SourceLocation& loc);

}  // namespace orm
