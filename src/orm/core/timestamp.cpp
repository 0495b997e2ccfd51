#include "orm/core/timestamp.hpp"

#include <cstdio>
#include <ctime>

namespace orm {

std::string format_timestamp(std::chrono::system_clock::time_point tp, const TimestampFormat& format) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(tp.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(us / 1000000);
    long micros = static_cast<long>(us % 1000000);
    if (micros < 0) {   // before 1970: the second below, and a positive fraction
        micros += 1000000;
        --secs;
    }
    std::tm tm{};
    if (format.local) localtime_r(&secs, &tm);
    else gmtime_r(&secs, &tm);
    // Sized for any int the fields could hold, as the compiler checks.
    char buf[128];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                          tm.tm_mday, format.separator, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (format.always_micros || micros)
        std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%06ld", micros);
    return std::string(buf) + format.suffix;
}

}  // namespace orm
