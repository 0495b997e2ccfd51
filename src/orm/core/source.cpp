#include "orm/core/source.hpp"

#include <fstream>
#include <sstream>

#include "orm/core/error.hpp"

namespace orm {

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n' && i + 1 < text_.size()) line_starts_.push_back(i + 1);
    }
}

std::shared_ptr<const SourceFile> SourceFile::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError("cannot read '" + path + "'");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return std::make_shared<const SourceFile>(path, buffer.str());
}

std::string_view SourceFile::line_text(int line) const {
    if (line < 1 || line > line_count()) return {};
    size_t start = line_starts_[line - 1];
    size_t end = text_.find('\n', start);
    if (end == std::string::npos) end = text_.size();
    if (end > start && text_[end - 1] == '\r') --end;
    return std::string_view(text_).substr(start, end - start);
}

std::string format_position(const SourceFile& file, const SourceLocation& loc) {
    if (!loc.known()) return file.name();
    return file.name() + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

namespace {
// Number of characters (UTF-8 code points) in a byte string.
int char_count(std::string_view s) {
    int n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}
}  // namespace

std::string format_snippet(const SourceFile& file, const SourceLocation& loc) {
    if (!loc.known()) return {};
    std::string_view text = file.line_text(loc.line);
    std::string out = "  ";
    out += text;
    out += "\n  ";
    // Keep tabs so the caret lines up under tab-indented text.
    int col = 1;
    size_t byte = 0;
    while (col < loc.column && byte < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[byte]);
        out += (c == '\t') ? '\t' : ' ';
        ++byte;
        while (byte < text.size() && (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) ++byte;
        ++col;
    }
    if (loc.column > col) out.append(loc.column - col, ' ');
    out += '^';
    if (loc.end_line == loc.line && loc.end_column > loc.column + 1) {
        int width = loc.end_column - loc.column - 1;
        int room = char_count(text) - loc.column;
        if (room > 0) out.append(std::min(width, room), '~');
    }
    out += '\n';
    return out;
}

}  // namespace orm
