// BLAKE2b and BLAKE2s (RFC 7693) with the whole parameter block: digest
// size, key, salt, personalisation and the tree-hashing fields. hashlib's
// blake2b()/blake2s() take all of these, and projects hash with them (a
// personalised, shortened blake2b names content in some revisions);
// libcrypto's BLAKE2 digests take none of them, so the function lives here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace orm::digest {

enum class Blake2Variant { b, s };

struct Blake2Params {
    int digest_size = 0;      // 0: the variant's largest (64 for b, 32 for s)
    std::string key;          // at most the largest digest size
    std::string salt;         // at most 16 (b) / 8 (s) bytes, zero-padded
    std::string person;       // at most 16 (b) / 8 (s) bytes, zero-padded
    int fanout = 1;           // 0..255
    int depth = 1;            // 1..255
    std::uint32_t leaf_size = 0;
    std::uint64_t node_offset = 0;  // under 2^48 for s
    int node_depth = 0;       // 0..255
    int inner_size = 0;       // 0..largest digest size
    bool last_node = false;
};

// The largest digest (and key) size, the salt/person size and the block size of `variant`.
struct Blake2Limits {
    int digest_size;
    int salt_size;
    int block_size;
};
Blake2Limits blake2_limits(Blake2Variant variant);

// The digest of `data` under `params`. Contract: the caller has checked the
// parameters against blake2_limits (hashlib raises for values out of range).
std::string blake2(Blake2Variant variant, const Blake2Params& params, std::string_view data);

}  // namespace orm::digest
