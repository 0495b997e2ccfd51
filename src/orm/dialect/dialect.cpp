// The dialect registry: one entry per backend, and what every Dialect shares.
#include "orm/dialect/dialect.hpp"

#include <array>
#include <cstdio>
#include <thread>

#include "orm/core/error.hpp"
#include "orm/dialect/postgresql/postgresql_dialect.hpp"
#include "orm/dialect/sqlite/sqlite_dialect.hpp"
#include "orm/sql/ddl_compiler.hpp"
#include "orm/sql/select_compiler.hpp"

namespace orm::dialect {

namespace {

struct Registration {
    std::string_view name;   // the URL scheme; a second name is a deprecated alias
    const Dialect& (*dialect)();
};

// One line per backend.
const std::array<Registration, 3> registry{{
    {"sqlite", &sqlite_dialect},
    {"postgresql", &postgresql_dialect},
    {"postgres", &postgresql_dialect},   // deprecated; SQLAlchemy 1.4 refuses it
}};

}  // namespace

const Dialect* find_dialect(std::string_view name) {
    for (const auto& r : registry)
        if (r.name == name) return &r.dialect();
    return nullptr;
}

const Dialect& get_dialect(std::string_view name) {
    if (const Dialect* d = find_dialect(name)) return *d;
    throw UsageError("unknown database dialect '" + std::string(name) + "' (supported: " + dialect_names() + ")");
}

std::string dialect_names() {
    std::string out;
    for (const auto& r : registry)
        if (r.dialect().name() == r.name) out += (out.empty() ? "" : ", ") + std::string(r.name);
    return out;
}

bool Dialect::supports_native_boolean() const { return shared_ddl_compiler().supports_native_boolean(); }
bool Dialect::supports_native_enum() const { return shared_ddl_compiler().supports_native_enum(); }
bool Dialect::supports_alter() const { return shared_ddl_compiler().supports_alter(); }
bool Dialect::supports_postgresql_types() const { return shared_ddl_compiler().supports_postgresql_types(); }

std::string Dialect::placeholder(std::size_t n) const { return shared_statement_compiler().placeholder(n); }
std::string Dialect::sequential_placeholder(std::size_t n) const {
    return shared_statement_compiler().sequential_placeholder(n);
}

std::vector<std::int64_t> Dialect::draw_keys(const QueryRunner&, const std::string&, std::size_t) const {
    throw InternalError("the " + name() + " dialect has no sequences to draw keys from");
}

std::string Dialect::hex_digits(const Blob& blob) {
    static const char* hex = "0123456789ABCDEF";
    std::string h;
    h.reserve(blob.bytes.size() * 2);
    for (auto b : blob.bytes) {
        h += hex[b >> 4];
        h += hex[b & 15];
    }
    return h;
}

Dialect::LockWait::LockWait(double timeout, const LockWaitNotice& on_wait)
    : timeout_(timeout),
      deadline_(LockClock::now() + std::chrono::milliseconds(static_cast<long long>(timeout * 1000))),
      on_wait_(on_wait) {}

void Dialect::LockWait::operator()(const std::function<std::string()>& holder) {
    auto now = LockClock::now();
    if (now >= deadline_) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.3f", timeout_);
        throw DatabaseError(std::string("another orm migrate run holds the migration lock; gave up after ") + seconds +
                            " s (--lock-timeout)");
    }
    if (on_wait_ && (!last_notice_ || now - *last_notice_ >= std::chrono::seconds(1))) {
        last_notice_ = now;
        on_wait_(holder());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

}  // namespace orm::dialect
