#include "cli/pager.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "cli/external_program.hpp"

namespace orm::cli {

namespace {

// The rows text may take before it is paged: one is left for the prompt
// that follows it.
size_t page_lines(const Terminal& terminal) {
    if (!terminal.stdout_is_tty() || terminal.dumb() || PagedOutput::command().empty()) return 0;
    int rows = terminal.height();
    return rows > 1 ? static_cast<size_t>(rows - 1) : 1;
}

}  // namespace

std::string PagedOutput::command() {
    for (const char* name : {"ORM_PAGER", "PAGER"})
        if (const char* value = std::getenv(name)) {
            std::string command = value;
            return command == "cat" ? "" : command;   // set but empty: no pager
        }
    return on_path("less") ? "less -RFX" : "";
}

PagedOutput::PagedOutput(const Terminal& terminal) : buffer_(page_lines(terminal), command()), stream_(&buffer_) {}

PagedOutput::~PagedOutput() {
    try {
        finish();
    } catch (...) {
    }
}

void PagedOutput::finish() {
    stream_.flush();
    buffer_.finish();
}

int PagedOutput::Buffer::overflow(int c) {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    char ch = static_cast<char>(c);
    xsputn(&ch, 1);
    return c;
}

std::streamsize PagedOutput::Buffer::xsputn(const char* s, std::streamsize n) {
    const auto size = static_cast<size_t>(n);
    if (pager_ || max_lines_ == 0 || finished_) {
        write_out(s, size);
        return n;
    }
    held_.append(s, size);
    for (size_t i = 0; i < size; ++i) lines_ += s[i] == '\n';
    if (lines_ > max_lines_) start_pager();
    return n;
}

int PagedOutput::Buffer::sync() {
    if (pager_ && !pager_gone_) std::fflush(pager_);
    else if (!pager_) std::cout.flush();
    return 0;
}

// The text is taller than the screen: the pager gets what was held and
// everything after it.
void PagedOutput::Buffer::start_pager() {
    std::cout.flush();
    // While the pager runs, Ctrl-C is the pager's (less uses it to stop a
    // search), and a pager quit early must not kill orm with SIGPIPE.
    previous_sigint_ = std::signal(SIGINT, SIG_IGN);
    previous_sigpipe_ = std::signal(SIGPIPE, SIG_IGN);
    pager_ = popen(command_.c_str(), "w");
    if (!pager_) {   // no shell to run it: the text goes out as it is
        std::signal(SIGINT, previous_sigint_);
        std::signal(SIGPIPE, previous_sigpipe_);
        max_lines_ = 0;
    }
    std::string held = std::move(held_);
    held_.clear();
    write_out(held.data(), held.size());
}

void PagedOutput::Buffer::write_out(const char* s, size_t n) {
    if (!pager_) {
        std::cout.write(s, static_cast<std::streamsize>(n));
        return;
    }
    if (pager_gone_) return;
    if (std::fwrite(s, 1, n, pager_) != n) pager_gone_ = true;
}

void PagedOutput::Buffer::finish() {
    if (finished_) return;
    finished_ = true;
    if (!pager_) {
        std::cout.write(held_.data(), static_cast<std::streamsize>(held_.size()));
        std::cout.flush();
        held_.clear();
        return;
    }
    pclose(pager_);   // waits for the user to leave the pager
    pager_ = nullptr;
    std::signal(SIGINT, previous_sigint_);
    std::signal(SIGPIPE, previous_sigpipe_);
}

}  // namespace orm::cli
