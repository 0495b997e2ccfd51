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
    // `what`: "seeding"; `unit`: what update()'s count counts ("records");
    // `total`: the amount the bar measures against, when known. With
    // `count_is_amount` the count is that amount ("2/5 revisions"), so no
    // rate is shown either.
    ProgressBar(const Terminal& terminal, std::string what, std::string unit, std::optional<size_t> total,
                bool count_is_amount = false);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    bool enabled() const { return enabled_; }
    // `count` units done; `amount` of `total` done (ignored without a total).
    void update(size_t count, size_t amount);
    // The total, once it is known (a migration run learns it as it starts).
    void set_total(size_t total) { total_ = total; }
    // Clears the line.
    void finish();

private:
    // The line as drawn, for `width` columns, `seconds` into the work.
    std::string render(size_t count, size_t amount, double seconds, int width) const;

    const Terminal& terminal_;
    std::string what_, unit_;
    std::optional<size_t> total_;
    bool count_is_amount_ = false;
    bool enabled_ = false;
    bool drawn_ = false;
    void (*previous_sigint_)(int) = SIG_DFL;   // restored when the bar goes away
    std::chrono::steady_clock::time_point start_, last_draw_;
    unsigned frame_ = 0;
};

}  // namespace orm::cli
