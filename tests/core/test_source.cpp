// SourceFile::load: a regular file is mapped, anything else is read to the
// end, and both give the text, lines and positions that errors quote.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "orm/core/error.hpp"
#include "orm/core/source.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

}  // namespace

TEST_CASE("a loaded file has the same text and lines as the same text in memory", "[core][source]") {
    TempDir dir;
    std::string text = "first\r\nsecond line\n\nfourth, no newline at the end";
    write_bytes(dir / "f.json", text);
    auto loaded = orm::SourceFile::load((dir / "f.json").string());
    orm::SourceFile in_memory("f.json", text);
    CHECK(loaded->text() == text);
    CHECK(loaded->name() == (dir / "f.json").string());
    REQUIRE(loaded->line_count() == 4);
    CHECK(loaded->line_count() == in_memory.line_count());
    for (int line = 0; line <= 5; ++line) CHECK(loaded->line_text(line) == in_memory.line_text(line));
    CHECK(loaded->line_text(1) == "first");   // the \r of a CRLF line end is not quoted
    CHECK(loaded->line_text(4) == "fourth, no newline at the end");
    orm::SourceLocation at{2, 8, 2, 12};
    CHECK(orm::format_snippet(*loaded, at) == orm::format_snippet(in_memory, at));
}

TEST_CASE("a large file keeps every byte, and the text outlives the path", "[core][source]") {
    TempDir dir;
    std::string text;
    for (int i = 0; i < 200000; ++i) text += "{\"n\": " + std::to_string(i) + "}\n";
    write_bytes(dir / "big.ndjson", text);
    auto loaded = orm::SourceFile::load((dir / "big.ndjson").string());
    std::filesystem::remove(dir / "big.ndjson");   // a mapping stays valid once the name is gone
    CHECK(loaded->text().size() == text.size());
    CHECK(loaded->text() == text);
    CHECK(loaded->line_count() == 200000);
    CHECK(loaded->line_text(123457) == "{\"n\": 123456}");
}

TEST_CASE("an empty file, a pipe and a missing file", "[core][source]") {
    TempDir dir;
    write_bytes(dir / "empty.json", "");
    auto empty = orm::SourceFile::load((dir / "empty.json").string());
    CHECK(empty->text().empty());
    CHECK(empty->line_count() == 1);

    // A FIFO is not a regular file: it is read to its end.
    auto fifo = dir / "pipe.json";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::string sent(300000, 'x');
    sent += "\nend";
    std::thread writer([&] { write_bytes(fifo, sent); });
    auto piped = orm::SourceFile::load(fifo.string());
    writer.join();
    CHECK(piped->text() == sent);
    CHECK(piped->line_text(2) == "end");

    CHECK_THROWS_AS(orm::SourceFile::load((dir / "missing.json").string()), orm::UsageError);
}
