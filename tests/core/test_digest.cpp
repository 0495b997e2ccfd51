// The digests orm computes (names' md5 suffix, revision checksums, uuid3/5,
// the interpreter's hashlib) against the published test vectors.
#include <catch2/catch.hpp>

#include "orm/core/blake2.hpp"
#include "orm/core/digest.hpp"

using namespace orm;

TEST_CASE("digest: FIPS 180 and RFC 1321 test vectors", "[core][digest]") {
    CHECK(digest::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(digest::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(digest::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(digest::sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(digest::md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(digest::md5_hex("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(digest::hex(*digest::compute("SHA1", "abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(digest::hex(*digest::compute("sha3_256", "")) ==
          "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
}

TEST_CASE("digest: names hashlib does not offer are unknown", "[core][digest]") {
    CHECK_FALSE(digest::compute("md4", "x"));
    CHECK_FALSE(digest::compute("shake_128", "x"));
    CHECK_FALSE(digest::compute("", "x"));
    CHECK(digest::sizes("blake2b") == std::pair{64, 128});
    CHECK(digest::sizes("sha256") == std::pair{32, 64});
}

TEST_CASE("digest: BLAKE2 as RFC 7693 gives it, and its parameter block", "[core][digest]") {
    CHECK(digest::hex(*digest::compute("blake2b", "abc")) ==
          "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
          "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
    CHECK(digest::hex(*digest::compute("blake2s", "abc")) ==
          "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982");
    // The parameters change the digest (hashlib's values are compared in
    // tests/python/programs/hashlib_digests.py): a shorter digest is not a
    // prefix of the longer one, and a personalisation gives another digest.
    digest::Blake2Params short_digest;
    short_digest.digest_size = 32;
    auto d32 = digest::blake2(digest::Blake2Variant::b, short_digest, "abc");
    CHECK(d32.size() == 32);
    CHECK(d32 != digest::compute("blake2b", "abc")->substr(0, 32));
    digest::Blake2Params personal = short_digest;
    personal.person = "str";
    CHECK(digest::blake2(digest::Blake2Variant::b, personal, "abc") != d32);
    // Whole blocks: the last full block is the final one (no empty block after it).
    CHECK(digest::blake2(digest::Blake2Variant::s, {}, std::string(64, 'x')).size() == 32);
}
