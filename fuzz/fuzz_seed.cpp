// Seed data, JSON documents and NDJSON (the first byte picks which), seeded
// as a dry run into a SQLite database holding the shop example's tables:
// every record is read, converted per column type and written, then rolled
// back.
#include <filesystem>
#include <unistd.h>

#include "fuzz_support.hpp"
#include "orm/declarative/models_reader.hpp"
#include "orm/engine/ddl_runner.hpp"
#include "orm/engine/engine.hpp"
#include "orm/seed/seeder.hpp"
#include "orm/session/mapper.hpp"

namespace {

struct Shop {
    orm::declarative::ModelsFile models = orm::declarative::read_models_file(ORM_FUZZ_SHOP_MODELS);
    orm::session::Registry registry{models.metadata, models.mappers, models.source};
    std::filesystem::path database = std::filesystem::temp_directory_path() /
                                     ("orm-fuzz-seed-" + std::to_string(::getpid()) + ".db");
    orm::engine::Engine engine = orm::engine::create_engine("sqlite:///" + database.string());
    Shop() {
        registry.configure();
        std::filesystem::remove(database);
        auto connection = engine.connect();
        orm::engine::create_all(connection, models.metadata);
    }
    ~Shop() { std::filesystem::remove(database); }
};

Shop& shop() {
    static Shop instance;
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    Shop& s = shop();
    const bool ndjson = (data[0] & 1) != 0;
    orm::seed::SeedInput input;
    input.source = orm_fuzz::source_of(data + 1, size - 1, ndjson ? "seed.ndjson" : "seed.json");
    input.ndjson = ndjson;
    orm::seed::SeedOptions options;
    options.dry_run = true;
    orm_fuzz::expect_orm_errors([&] { orm::seed::seed(s.engine, s.registry, {input}, options); });
    return 0;
}
