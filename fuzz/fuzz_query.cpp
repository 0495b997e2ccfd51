// Query expressions (`orm query EXPR`), read against the shop example's
// mapped classes as the command reads them: everything is checked before a
// database would be touched, so no database is needed.
#include "fuzz_support.hpp"
#include "orm/declarative/models_reader.hpp"
#include "orm/engine/engine.hpp"
#include "orm/query/reader.hpp"
#include "orm/session/session.hpp"

namespace {

struct Shop {
    orm::declarative::ModelsFile models = orm::declarative::read_models_file(ORM_FUZZ_SHOP_MODELS);
    orm::session::Registry registry{models.metadata, models.mappers, models.source};
    Shop() { registry.configure(); }
};

Shop& shop() {
    static Shop instance;
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Shop& s = shop();
    auto source = orm_fuzz::source_of(data, size, "<query>");
    orm_fuzz::expect_orm_errors([&] {
        orm::session::Session session(orm::engine::create_engine("sqlite://"), s.registry);
        orm::query::read_query(source, session);
    });
    return 0;
}
