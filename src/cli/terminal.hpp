// How the command line talks to people: diagnostics on stderr, colour only on
// a terminal and never when NO_COLOR is set, nothing but errors under --quiet.
#pragma once

#include <string>

namespace orm::cli {

class Terminal {
public:
    Terminal();

    void set_quiet(bool quiet) { quiet_ = quiet; }
    bool quiet() const { return quiet_; }
    bool stdin_is_tty() const { return stdin_tty_; }
    bool stdout_is_tty() const { return stdout_tty_; }

    // "error: <message>" on stderr (always printed, even when quiet).
    void error(const std::string& message) const;
    // "warning: <message>" on stderr unless quiet.
    void warning(const std::string& message) const;
    // A progress/summary line on stderr unless quiet.
    void info(const std::string& message) const;
    // Asks a yes/no question on the terminal; false unless the answer starts with y/Y.
    bool confirm(const std::string& question) const;

private:
    std::string paint(const std::string& text, const char* sgr) const;

    bool quiet_ = false;
    bool stdin_tty_ = false;
    bool stdout_tty_ = false;
    bool stderr_color_ = false;
};

}  // namespace orm::cli
