// "Now" as text, the one formatter of the timestamps orm writes: a column's
// datetime.now() / utcnow() default, a revision file's Create Date, the
// migration log's applied_at.
#pragma once

#include <chrono>
#include <string>

namespace orm {

struct TimestampFormat {
    bool local = true;             // the local time zone, else UTC
    char separator = ' ';          // between date and time: ' ' (Python's str()) or 'T' (ISO 8601)
    bool always_micros = true;     // ".ffffff" even when zero (str(datetime) leaves it out then)
    const char* suffix = "";       // "Z" for an ISO 8601 UTC time
};

// YYYY-MM-DD HH:MM:SS[.ffffff] of `tp`, as `format` says.
std::string format_timestamp(std::chrono::system_clock::time_point tp, const TimestampFormat& format);

}  // namespace orm
