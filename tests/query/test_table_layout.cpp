// The query table's text measure (Unicode display width through utf8proc),
// cutting to a width, numeric detection and narrowing columns to fit.
#include <catch2/catch.hpp>

#include "orm/query/table_layout.hpp"

using namespace orm::query;

TEST_CASE("display_width counts terminal columns: wide CJK two, combining marks none, bad UTF-8 a byte each") {
    CHECK(display_width("Chair") == 5);
    CHECK(display_width("Caf\u00e9 cr\u00e8me") == 10);       // precomposed accents
    CHECK(display_width("Cafe\u0301") == 4);                 // e + combining acute
    CHECK(display_width("\u65e5\u672c\u8a9e") == 6);         // three wide characters
    CHECK(display_width("Caf\u00e9 cr\u00e8me \u65e5\u672c\u8a9e") == 17);
    CHECK(display_width("\xff\xfe") == 2);
    CHECK(display_width("") == 0);
}

TEST_CASE("truncate_to_width cuts on character boundaries and marks the cut") {
    CHECK(truncate_to_width("Chair", 5) == "Chair");
    CHECK(truncate_to_width("Chairs", 5) == "Chai\u2026");
    // A wide character that would straddle the limit is left out whole.
    CHECK(truncate_to_width("\u65e5\u672c\u8a9e", 4) == "\u65e5\u2026");
    CHECK(display_width(truncate_to_width("\u65e5\u672c\u8a9e", 4)) == 3);
    CHECK(truncate_to_width("Cafe\u0301 noir", 5) == "Cafe\u0301\u2026");
    CHECK(truncate_to_width("abc", 0).empty());
}

TEST_CASE("single_line shows line breaks as a return arrow and tabs as a space") {
    CHECK(single_line("a\nb") == "a\u21b5b");
    CHECK(single_line("a\r\nb\tc") == "a\u21b5b c");
    CHECK(single_line("plain") == "plain");
}

TEST_CASE("looks_numeric: integers, decimals and exponents, nothing else") {
    for (const char* yes : {"0", "-7", "+3", "10.81", ".5", "1e10", "-2.5E-3"}) {
        INFO(yes);
        CHECK(looks_numeric(yes));
    }
    for (const char* no : {"", "-", ".", "1e", "1.2.3", "12a", "0x10", " 1", "NaN"}) {
        INFO(no);
        CHECK_FALSE(looks_numeric(no));
    }
}

TEST_CASE("fit_widths takes from the widest column first, down to the header or 8 columns") {
    std::vector<size_t> widths = {2, 30, 10};
    CHECK(fit_widths(widths, {2, 4, 8}, 40));
    CHECK(widths == std::vector<size_t>{2, 22, 10});   // 2 + 22 + 10 + two " | " separators = 40

    std::vector<size_t> both = {20, 20};
    CHECK(fit_widths(both, {4, 4}, 23));
    CHECK(both == std::vector<size_t>{10, 10});

    std::vector<size_t> roomy = {3, 4};
    CHECK(fit_widths(roomy, {3, 4}, 80));
    CHECK(roomy == std::vector<size_t>{3, 4});

    // Floors: a column keeps min(its header, 8) columns; below that it cannot fit.
    std::vector<size_t> tight = {12, 12};
    CHECK_FALSE(fit_widths(tight, {12, 12}, 15));
}
