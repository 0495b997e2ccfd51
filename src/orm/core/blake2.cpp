#include "orm/core/blake2.hpp"

#include <array>
#include <cstring>

namespace orm::digest {

namespace {

constexpr std::uint8_t kSigma[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
};

// The two variants differ in word size, rounds, rotations and IV only.
struct B {
    using word = std::uint64_t;
    static constexpr int rounds = 12, block = 128, max_digest = 64, salt = 16;
    static constexpr int r1 = 32, r2 = 24, r3 = 16, r4 = 63;
    static constexpr word iv[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                                   0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                                   0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
};
struct S {
    using word = std::uint32_t;
    static constexpr int rounds = 10, block = 64, max_digest = 32, salt = 8;
    static constexpr int r1 = 16, r2 = 12, r3 = 8, r4 = 7;
    static constexpr word iv[8] = {0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au,
                                   0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u};
};

template <class W>
W load_le(const unsigned char* p) {
    W w = 0;
    for (std::size_t i = 0; i < sizeof(W); ++i) w |= static_cast<W>(p[i]) << (8 * i);
    return w;
}

template <class W>
W rotr(W x, int n) {
    return static_cast<W>((x >> n) | (x << (8 * sizeof(W) - n)));
}

template <class V>
struct State {
    using W = typename V::word;
    std::array<W, 8> h{};
    std::uint64_t counter_low = 0, counter_high = 0;  // bytes compressed so far (128 bits for b)

    void compress(const unsigned char* block, bool last, bool last_node) {
        W m[16], v[16];
        for (int i = 0; i < 16; ++i) m[i] = load_le<W>(block + i * sizeof(W));
        for (int i = 0; i < 8; ++i) v[i] = h[i], v[i + 8] = V::iv[i];
        if constexpr (sizeof(W) == 8) {
            v[12] ^= counter_low;
            v[13] ^= counter_high;
        } else {
            v[12] ^= static_cast<W>(counter_low);
            v[13] ^= static_cast<W>(counter_low >> 32);
        }
        if (last) v[14] = ~v[14];
        if (last_node) v[15] = ~v[15];
        auto g = [&v](int a, int b, int c, int d, W x, W y) {
            v[a] = v[a] + v[b] + x, v[d] = rotr<W>(v[d] ^ v[a], V::r1);
            v[c] = v[c] + v[d], v[b] = rotr<W>(v[b] ^ v[c], V::r2);
            v[a] = v[a] + v[b] + y, v[d] = rotr<W>(v[d] ^ v[a], V::r3);
            v[c] = v[c] + v[d], v[b] = rotr<W>(v[b] ^ v[c], V::r4);
        };
        for (int r = 0; r < V::rounds; ++r) {
            const std::uint8_t* s = kSigma[r % 10];
            g(0, 4, 8, 12, m[s[0]], m[s[1]]);
            g(1, 5, 9, 13, m[s[2]], m[s[3]]);
            g(2, 6, 10, 14, m[s[4]], m[s[5]]);
            g(3, 7, 11, 15, m[s[6]], m[s[7]]);
            g(0, 5, 10, 15, m[s[8]], m[s[9]]);
            g(1, 6, 11, 12, m[s[10]], m[s[11]]);
            g(2, 7, 8, 13, m[s[12]], m[s[13]]);
            g(3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (int i = 0; i < 8; ++i) h[i] ^= v[i] ^ v[i + 8];
    }

    void count(std::size_t n) {
        counter_low += n;
        if (counter_low < n) ++counter_high;
    }
};

// The parameter block (RFC 7693 section 2.5; the tree fields as in the BLAKE2 paper).
template <class V>
std::array<unsigned char, 8 * sizeof(typename V::word)> parameter_block(const Blake2Params& p, int digest_size) {
    std::array<unsigned char, 8 * sizeof(typename V::word)> out{};
    out[0] = static_cast<unsigned char>(digest_size);
    out[1] = static_cast<unsigned char>(p.key.size());
    out[2] = static_cast<unsigned char>(p.fanout);
    out[3] = static_cast<unsigned char>(p.depth);
    for (int i = 0; i < 4; ++i) out[4 + i] = static_cast<unsigned char>(p.leaf_size >> (8 * i));
    const int offset_bytes = V::salt == 16 ? 8 : 6;
    for (int i = 0; i < offset_bytes; ++i) out[8 + i] = static_cast<unsigned char>(p.node_offset >> (8 * i));
    out[8 + offset_bytes] = static_cast<unsigned char>(p.node_depth);
    out[9 + offset_bytes] = static_cast<unsigned char>(p.inner_size);
    std::memcpy(out.data() + out.size() - 2 * V::salt, p.salt.data(), p.salt.size());
    std::memcpy(out.data() + out.size() - V::salt, p.person.data(), p.person.size());
    return out;
}

template <class V>
std::string hash(const Blake2Params& p, std::string_view data) {
    using W = typename V::word;
    const int digest_size = p.digest_size ? p.digest_size : V::max_digest;
    State<V> st;
    auto block = parameter_block<V>(p, digest_size);
    for (int i = 0; i < 8; ++i) st.h[i] = V::iv[i] ^ load_le<W>(block.data() + i * sizeof(W));

    // A key is one zero-padded block ahead of the data.
    std::string input;
    if (!p.key.empty()) {
        input.assign(V::block, '\0');
        std::memcpy(input.data(), p.key.data(), p.key.size());
        input.append(data);
        data = input;
    }
    std::size_t at = 0;
    while (data.size() - at > static_cast<std::size_t>(V::block)) {
        st.count(V::block);
        st.compress(reinterpret_cast<const unsigned char*>(data.data() + at), false, false);
        at += V::block;
    }
    unsigned char last[V::block] = {};
    std::memcpy(last, data.data() + at, data.size() - at);
    st.count(data.size() - at);
    st.compress(last, true, p.last_node);

    std::string out(8 * sizeof(W), '\0');
    for (int i = 0; i < 8; ++i)
        for (std::size_t j = 0; j < sizeof(W); ++j) out[i * sizeof(W) + j] = static_cast<char>(st.h[i] >> (8 * j));
    out.resize(static_cast<std::size_t>(digest_size));
    return out;
}

}  // namespace

Blake2Limits blake2_limits(Blake2Variant variant) {
    if (variant == Blake2Variant::b) return {B::max_digest, B::salt, B::block};
    return {S::max_digest, S::salt, S::block};
}

std::string blake2(Blake2Variant variant, const Blake2Params& params, std::string_view data) {
    return variant == Blake2Variant::b ? hash<B>(params, data) : hash<S>(params, data);
}

}  // namespace orm::digest
