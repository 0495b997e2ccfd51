#include "orm/core/source.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "orm/core/error.hpp"

namespace orm {

SourceFile::SourceFile(std::string name, std::string text)
    : name_(std::move(name)), owned_(std::move(text)), text_(owned_) {}

SourceFile::SourceFile(Mapped, std::string name, const void* map, size_t size)
    : name_(std::move(name)), map_(map), text_(static_cast<const char*>(map), size) {}

SourceFile::~SourceFile() {
    if (map_) munmap(const_cast<void*>(map_), text_.size());
}

const std::vector<size_t>& SourceFile::line_starts() const {
    std::call_once(lines_indexed_, [this] {
        line_starts_.push_back(0);
        const char* begin = text_.data();
        const char* end = begin + text_.size();
        for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) && ++p < end;)
            line_starts_.push_back(static_cast<size_t>(p - begin));
    });
    return line_starts_;
}

std::shared_ptr<const SourceFile> SourceFile::load(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw UsageError("cannot read '" + path + "'");
    std::unique_ptr<int, void (*)(int*)> closer(&fd, [](int* f) { ::close(*f); });
    struct stat st {};
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        // Seed files run to hundreds of megabytes. Mapped, their pages are the
        // kernel's page cache, taken in one populate call: a copy in the heap
        // cost a page fault per 4 KiB (a tenth of a 310,000-row seed's time)
        // and memory that could not be given back under pressure. (A file cut
        // short by another process while mapped ends this one with SIGBUS:
        // before its transaction commits, so nothing is written.)
        auto size = static_cast<size_t>(st.st_size);
        void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (map != MAP_FAILED) return std::shared_ptr<const SourceFile>(new SourceFile(Mapped{}, path, map, size));
    }
    // Pipes, devices, empty files: read to the end.
    std::string text;
    char chunk[1 << 16];
    for (ssize_t n;;) {
        n = ::read(fd, chunk, sizeof chunk);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            throw UsageError("cannot read '" + path + "'");
        }
        text.append(chunk, static_cast<size_t>(n));
    }
    return std::make_shared<const SourceFile>(path, std::move(text));
}

std::string_view SourceFile::line_text(int line) const {
    if (line < 1 || line > line_count()) return {};
    size_t start = line_starts()[line - 1];
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
