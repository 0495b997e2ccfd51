// `orm diff`'s text output: one line per operation that reads as a
// sentence, with a mark in front:
//   + column items.sku VARCHAR(20) NULL
//   ~ column customers.name: type VARCHAR(50) -> VARCHAR(80)
//   - index ix_customers_name on customers (name)
//   ! drop column customers.town VARCHAR(50) (data loss)
// "+" adds, "-" removes what holds no data, "~" changes, "!" loses data or
// may fail on existing rows.
#pragma once

#include <string>

#include "orm/migrate/compare.hpp"

namespace orm::cli {

// The mark ('+', '-', '~' or '!') and the sentence, without a newline.
std::string diff_line(const migrate::Operation& op);

// What the marks mean, for a legend under the lines.
inline constexpr const char* kDiffLegend =
    "+ added   - removed   ~ changed   ! loses data or may fail on existing rows";

}  // namespace orm::cli
