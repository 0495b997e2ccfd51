// The CREATE TABLE / CREATE INDEX text SQLite keeps in sqlite_master, as
// reflection parses it.
#include "fuzz_support.hpp"
#include "orm/dialect/sqlite/sqlite_schema_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view sql(reinterpret_cast<const char*>(data), size);
    orm_fuzz::expect_orm_errors([&] { orm::dialect::sqlite_parse::parse_create_table(sql); });
    orm_fuzz::expect_orm_errors([&] { orm::dialect::sqlite_parse::parse_create_index(sql); });
    return 0;
}
