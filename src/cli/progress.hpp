// A progress display on stderr for long work: a bar with percentage, rate
// and time left when the total is known (a seed's input size), a spinner
// with the count and rate otherwise. Drawn only where Terminal allows it
// (a terminal, not TERM=dumb, not --quiet); redrawn at most ten times a
// second; the line is cleared when the work ends, when the object goes
// away (an error) and on Ctrl-C.
#pragma once

#include <chrono>
#include <csignal>
#include <optional>
#include <string>

#include "cli/terminal.hpp"

namespace orm::cli {

class ProgressBar {
public:
    // `what`: "seeding"; `unit`: what count() counts ("records"); `total`:
    // the amount fraction() is measured against, when known.
    ProgressBar(const Terminal& terminal, std::string what, std::string unit, std::optional<size_t> total);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    bool enabled() const { return enabled_; }
    // `count` units done; `amount` of `total` done (ignored without a total).
    void update(size_t count, size_t amount);
    // Clears the line.
    void finish();

    // The line as drawn, for `width` columns (public for tests).
    std::string render(size_t count, size_t amount, double seconds, int width) const;

private:
    const Terminal& terminal_;
    std::string what_, unit_;
    std::optional<size_t> total_;
    bool enabled_ = false;
    bool drawn_ = false;
    void (*previous_sigint_)(int) = SIG_DFL;   // restored when the bar goes away
    std::chrono::steady_clock::time_point start_, last_draw_;
    unsigned frame_ = 0;
};

}  // namespace orm::cli
