// The digests orm computes (names' md5 suffix, revision checksums, uuid3/5,
// the interpreter's hashlib) against the published test vectors.
#include <catch2/catch.hpp>

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
