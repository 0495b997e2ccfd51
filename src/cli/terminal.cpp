#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>

namespace orm::cli {

namespace {

bool env_set(const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
}

}  // namespace

Terminal::Terminal() {
    stdin_tty_ = isatty(0);
    stdout_tty_ = isatty(1);
    stderr_tty_ = isatty(2);
    struct stat out {};
    stdout_file_ = fstat(1, &out) == 0 && S_ISREG(out.st_mode);
    const char* term = std::getenv("TERM");
    dumb_ = term && std::string(term) == "dumb";
    const char* force = std::getenv("FORCE_COLOR");
    force_color_ = force && *force && std::string(force) != "0";
    no_color_ = env_set("NO_COLOR");
}

void Terminal::set_color_mode(const std::string& mode) {
    mode_ = mode == "always" ? ColorMode::always : mode == "never" ? ColorMode::never : ColorMode::automatic;
}

bool Terminal::color_for(bool is_tty) const {
    if (mode_ != ColorMode::automatic) return mode_ == ColorMode::always;
    if (force_color_) return true;
    return is_tty && !no_color_ && !dumb_;
}

int Terminal::width() const {
    if (const char* columns = std::getenv("COLUMNS"); columns && std::atoi(columns) > 0) return std::atoi(columns);
    winsize size{};
    for (int fd : {1, 2})
        if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

int Terminal::height() const {
    if (const char* lines = std::getenv("LINES"); lines && std::atoi(lines) > 0) return std::atoi(lines);
    winsize size{};
    for (int fd : {1, 2})
        if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_row > 0) return size.ws_row;
    return 24;
}

std::string Terminal::paint(const std::string& text, const char* sgr) const {
    if (!stderr_color()) return text;
    return std::string("\033[") + sgr + "m" + text + "\033[0m";
}

std::string Terminal::paint_stdout(const std::string& text, const char* sgr) const {
    if (!stdout_color()) return text;
    return std::string("\033[") + sgr + "m" + text + "\033[0m";
}

void Terminal::error(const std::string& message) const {
    std::cerr << paint("error:", "1;31") << " " << message << std::endl;
}

void Terminal::warning(const std::string& message) const {
    if (quiet_) return;
    std::cerr << paint("warning:", "1;33") << " " << message << std::endl;
}

void Terminal::info(const std::string& message) const {
    if (quiet_) return;
    std::cerr << message << std::endl;
}

bool Terminal::confirm(const std::string& question) const {
    std::cerr << question << " [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    return !answer.empty() && (answer[0] == 'y' || answer[0] == 'Y');
}

}  // namespace orm::cli
