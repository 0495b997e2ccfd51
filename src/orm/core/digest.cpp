#include "orm/core/digest.hpp"

#include "orm/core/blake2.hpp"

#include <openssl/evp.h>

#include <cctype>
#include <map>
#include <mutex>
#include <utility>

namespace orm::digest {

namespace {

std::string lower(std::string_view s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// BLAKE2 is core/blake2's (the one implementation that takes hashlib's parameters too).
std::optional<Blake2Variant> blake2_variant(std::string_view algorithm) {
    std::string name = lower(algorithm);
    if (name == "blake2b") return Blake2Variant::b;
    if (name == "blake2s") return Blake2Variant::s;
    return std::nullopt;
}

// hashlib's names to OpenSSL's ("sha3_256" is "SHA3-256"); the others are
// the same in either case.
const EVP_MD* find(std::string_view algorithm) {
    std::string name = lower(algorithm);
    if (name.rfind("sha3_", 0) == 0) name = "sha3-" + name.substr(5);
    else if (name == "sha512_224") name = "sha512-224";
    else if (name == "sha512_256") name = "sha512-256";
    // Names only: the legacy, insecure or extendable-output digests OpenSSL
    // also knows (md4, ripemd, shake) are not hashlib's guaranteed set.
    static const char* const kAllowed[] = {"md5",      "sha1",       "sha224",     "sha256",     "sha384",
                                           "sha512",   "sha512-224", "sha512-256", "sha3-224",   "sha3-256",
                                           "sha3-384", "sha3-512"};
    // Each algorithm is fetched from the provider once: EVP_Digest on a
    // name-looked-up digest fetches it again on every call, which was most
    // of the cost of checksumming a history's files.
    static std::mutex lock;
    static std::map<std::string, EVP_MD*>* fetched = new std::map<std::string, EVP_MD*>();
    for (const char* allowed : kAllowed)
        if (name == allowed) {
            std::lock_guard<std::mutex> hold(lock);
            auto [it, added] = fetched->try_emplace(name, nullptr);
            if (added) it->second = EVP_MD_fetch(nullptr, name.c_str(), nullptr);
            return it->second;
        }
    return nullptr;
}

}  // namespace

std::optional<std::string> compute(std::string_view algorithm, std::string_view data) {
    if (auto variant = blake2_variant(algorithm)) return blake2(*variant, Blake2Params{}, data);
    const EVP_MD* md = find(algorithm);
    if (!md) return std::nullopt;
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), out, &size, md, nullptr) != 1) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(out), size);
}

std::optional<std::pair<int, int>> sizes(std::string_view algorithm) {
    if (auto variant = blake2_variant(algorithm)) {
        auto limits = blake2_limits(*variant);
        return std::pair{limits.digest_size, limits.block_size};
    }
    const EVP_MD* md = find(algorithm);
    if (!md) return std::nullopt;
    return std::pair{EVP_MD_get_size(md), EVP_MD_get_block_size(md)};
}

std::string hex(std::string_view bytes) {
    static const char* const digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string md5_hex(std::string_view data) { return hex(*compute("md5", data)); }

std::string sha256_hex(std::string_view data) { return hex(*compute("sha256", data)); }

}  // namespace orm::digest
