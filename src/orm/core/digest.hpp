// Message digests: MD5, SHA-1, SHA-2 and SHA-3 through OpenSSL's libcrypto,
// which libpq links already, and BLAKE2 from core/blake2: one implementation for SQLAlchemy's
// truncated-name suffix (MD5), orm_migration_log's file checksums (SHA-256),
// uuid3/uuid5 and the interpreter's hashlib.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orm::digest {

// The raw digest of `data` under `algorithm`, a name hashlib accepts
// ("md5", "sha1", "sha256", "sha3_256", "blake2b", ... in any case);
// nullopt when the algorithm is unknown.
std::optional<std::string> compute(std::string_view algorithm, std::string_view data);

// The digest's size in bytes and the algorithm's block size; nullopt when unknown.
std::optional<std::pair<int, int>> sizes(std::string_view algorithm);

// Lower-case hexadecimal of raw bytes.
std::string hex(std::string_view bytes);

// The lower-case hex MD5 (32 characters) and SHA-256 (64) of `data`.
std::string md5_hex(std::string_view data);
std::string sha256_hex(std::string_view data);

}  // namespace orm::digest
