// SHA-256 (FIPS 180-4), for the checksums orm_migration_log keeps of applied
// revision files: a file edited after it ran is refused (SPEC §4).
#pragma once

#include <string>
#include <string_view>

namespace orm::migrate {

// The lower-case hex SHA-256 digest of `data` (64 characters).
std::string sha256_hex(std::string_view data);

}  // namespace orm::migrate
