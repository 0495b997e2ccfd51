#include "orm/core/source.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <memory>

#include "orm/core/error.hpp"

namespace orm {

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
    line_starts_.push_back(0);
    const char* begin = text_.data();
    const char* end = begin + text_.size();
    for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) && ++p < end;)
        line_starts_.push_back(static_cast<size_t>(p - begin));
}

std::shared_ptr<const SourceFile> SourceFile::load(const std::string& path) {
    // Read straight into the one string the file keeps (seed files run to
    // hundreds of megabytes: no stream buffers, no second copy).
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!in) throw UsageError("cannot read '" + path + "'");
    std::string text;
    struct stat st {};
    if (fstat(fileno(in.get()), &st) == 0 && S_ISREG(st.st_mode)) text.reserve(static_cast<size_t>(st.st_size));
    char chunk[1 << 16];
    for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, in.get())) > 0;) text.append(chunk, n);
    if (std::ferror(in.get())) throw UsageError("cannot read '" + path + "'");
    return std::make_shared<const SourceFile>(path, std::move(text));
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
