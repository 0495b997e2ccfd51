// Alembic revision files: read as `orm migrate` reads them (the module body
// run for its identifiers and docstring), and their upgrade() and
// downgrade() recorded without a database.
#include "fuzz_support.hpp"
#include "orm/migrate/script_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto source = orm_fuzz::source_of(data, size, "versions/0001_fuzz.py");
    orm_fuzz::expect_orm_errors([&] { orm::migrate::read_revision(source); });
    return 0;
}
