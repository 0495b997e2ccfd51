// NDJSON input one line at a time, from a stream (a file, standard input) or
// from text in memory, so that only the current line is held.
#pragma once

#include <deque>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

namespace orm::seed {

class LineReader {
public:
    // Reads `in` (kept alive by the reader when given as a unique_ptr).
    explicit LineReader(std::unique_ptr<std::istream> in);
    explicit LineReader(std::istream& in);
    // Lines of `text`, which must outlive the reader.
    explicit LineReader(std::string_view text);

    // The next line without its "\n" (a "\r" before it is left: JSON
    // whitespace); false at the end of the input.
    bool next(std::string& line);
    // Lines to give back before the rest (read ahead while sniffing the format).
    void push_front(std::deque<std::string> lines);

private:
    std::unique_ptr<std::istream> owned_;
    std::istream* in_ = nullptr;
    std::string_view text_;
    size_t pos_ = 0;
    std::deque<std::string> ahead_;
};

// True when `line` holds only JSON whitespace.
bool is_blank(const std::string& line);

}  // namespace orm::seed
