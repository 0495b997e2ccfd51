#include "orm/seed/lines.hpp"

namespace orm::seed {

LineReader::LineReader(std::unique_ptr<std::istream> in) : owned_(std::move(in)), in_(owned_.get()) {}
LineReader::LineReader(std::istream& in) : in_(&in) {}
LineReader::LineReader(std::string_view text) : text_(text) {}

bool LineReader::next(std::string& line) {
    if (!ahead_.empty()) {
        line = std::move(ahead_.front());
        ahead_.pop_front();
        return true;
    }
    if (in_) return static_cast<bool>(std::getline(*in_, line));
    if (pos_ >= text_.size()) return false;
    size_t nl = text_.find('\n', pos_);
    if (nl == std::string_view::npos) nl = text_.size();
    line.assign(text_, pos_, nl - pos_);
    pos_ = nl + 1;
    return true;
}

void LineReader::push_front(std::deque<std::string> lines) {
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) ahead_.push_front(std::move(*it));
}

bool is_blank(const std::string& line) {
    return line.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace orm::seed
