// Output for people that may be taller than the screen. On a terminal, text
// with more lines than the terminal has rows goes through a pager, as psql
// and git do: ORM_PAGER, else PAGER, else `less -RFX` (-R passes colours,
// -F quits at once should the text fit after all, -X leaves it on the
// screen). Elsewhere (a pipe, a file), under TERM=dumb, or with the pager
// set to "" or "cat", the text goes straight to stdout.
#pragma once

#include <cstdio>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

#include "cli/terminal.hpp"

namespace orm::cli {

class PagedOutput {
public:
    // Decides from `terminal` whether a pager may be used; starts none yet.
    explicit PagedOutput(const Terminal& terminal);
    // Calls finish(); a pager that fails is not an error of the command.
    ~PagedOutput();
    PagedOutput(const PagedOutput&) = delete;
    PagedOutput& operator=(const PagedOutput&) = delete;

    // Where the text goes: held until it is taller than the screen (then
    // a pager is started and given it) or until finish() (then written).
    std::ostream& stream() { return stream_; }
    // Writes what is still held to stdout, or closes the pager's input and
    // waits for the user to leave it. Safe to call more than once.
    void finish();

    // The pager command for this environment ("" when none is wanted).
    static std::string command();

private:
    class Buffer : public std::streambuf {
    public:
        Buffer(size_t max_lines, std::string command) : max_lines_(max_lines), command_(std::move(command)) {}
        void finish();

    protected:
        int overflow(int c) override;
        std::streamsize xsputn(const char* s, std::streamsize n) override;
        int sync() override;

    private:
        void start_pager();
        void write_out(const char* s, size_t n);
        size_t max_lines_;   // 0: never page
        std::string command_;
        std::string held_;
        size_t lines_ = 0;
        FILE* pager_ = nullptr;
        bool pager_gone_ = false;   // the user left the pager early: the rest is dropped
        void (*previous_sigint_)(int) = nullptr;
        void (*previous_sigpipe_)(int) = nullptr;
        bool finished_ = false;
    };
    Buffer buffer_;
    std::ostream stream_;
};

}  // namespace orm::cli
