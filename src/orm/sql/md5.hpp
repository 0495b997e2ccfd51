// MD5, for SQLAlchemy-compatible truncation of long conventional names
// (name[:max-8] + "_" + md5_hex(name)[-4:]). Not for security.
#pragma once

#include <string>
#include <string_view>

namespace orm::sql {

// The lower-case hex MD5 digest of `data` (32 characters).
std::string md5_hex(std::string_view data);

}  // namespace orm::sql
