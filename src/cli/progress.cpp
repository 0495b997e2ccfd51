#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>

#include <fmt/format.h>

namespace orm::cli {

namespace {

// The line a bar is drawn on, cleared by the SIGINT handler: a bar left
// half-drawn would run into the shell's prompt.
std::atomic<bool> g_bar_visible{false};
const char kClearLine[] = "\r\033[K";

extern "C" void clear_bar_and_die(int signal) {
    if (g_bar_visible.load()) {
        ssize_t ignored = write(2, kClearLine, sizeof kClearLine - 1);
        (void)ignored;
    }
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

std::string with_thousands(size_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string clock_text(double seconds) {
    auto s = static_cast<long>(seconds + 0.5);
    return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60) : fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

ProgressBar::ProgressBar(const Terminal& terminal, std::string what, std::string unit, std::optional<size_t> total,
                         bool count_is_amount)
    : terminal_(terminal), what_(std::move(what)), unit_(std::move(unit)), total_(total),
      count_is_amount_(count_is_amount) {
    enabled_ = terminal.progress_allowed();
    start_ = last_draw_ = std::chrono::steady_clock::now();
    if (enabled_) previous_sigint_ = std::signal(SIGINT, clear_bar_and_die);
}

ProgressBar::~ProgressBar() {
    finish();
    if (enabled_) std::signal(SIGINT, previous_sigint_);
}

std::string ProgressBar::render(size_t count, size_t amount, double seconds, int width) const {
    std::string rate = seconds > 0.05 && !count_is_amount_ ? with_thousands(static_cast<size_t>(count / seconds)) + "/s" : "";
    std::string counted = count_is_amount_ && total_ ? with_thousands(count) + "/" + with_thousands(*total_) + " " + unit_
                                           : with_thousands(count) + " " + unit_;
    if (!total_ || *total_ == 0) {
        static const char* const frames[] = {"|", "/", "-", "\\"};
        return fmt::format("{} {} {}  {}", what_, frames[frame_ % 4], counted, rate);
    }
    double fraction = std::min(1.0, static_cast<double>(amount) / static_cast<double>(*total_));
    std::string eta = fraction > 0.01 && seconds > 0.5 ? "  " + clock_text(seconds / fraction - seconds) + " left" : "";
    std::string tail = fmt::format(" {:3.0f}%  {}  {}{}", fraction * 100, counted, rate, eta);
    int bar_width = std::clamp(width - static_cast<int>(what_.size() + tail.size()) - 4, 10, 40);
    int filled = static_cast<int>(fraction * bar_width);
    std::string bar = std::string(filled, '#') + std::string(bar_width - filled, '-');
    return fmt::format("{} [{}]{}", what_, terminal_.paint(bar.substr(0, filled), "32") + bar.substr(filled), tail);
}

void ProgressBar::update(size_t count, size_t amount) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    ++frame_;
    double seconds = std::chrono::duration<double>(now - start_).count();
    std::string line = render(count, amount, seconds, terminal_.width());
    std::fprintf(stderr, "%s%s", kClearLine, line.c_str());
    std::fflush(stderr);
    drawn_ = true;
    g_bar_visible = true;
}

void ProgressBar::finish() {
    if (!drawn_) return;
    std::fprintf(stderr, "%s", kClearLine);
    std::fflush(stderr);
    drawn_ = false;
    g_bar_visible = false;
}

}  // namespace orm::cli
