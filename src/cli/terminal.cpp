#include "cli/terminal.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>

namespace orm::cli {

Terminal::Terminal() {
    stdin_tty_ = isatty(0);
    stdout_tty_ = isatty(1);
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    stderr_color_ = isatty(2) && !(no_color && *no_color) && !(term && std::string(term) == "dumb");
}

std::string Terminal::paint(const std::string& text, const char* sgr) const {
    if (!stderr_color_) return text;
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
