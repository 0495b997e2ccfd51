#include "orm/engine/engine.hpp"

#include <cstdio>
#include <fmt/format.h>

#include "orm/core/error.hpp"

namespace orm::engine {

struct Engine::State {
    Url url;
    const dialect::Dialect* dialect = nullptr;
    bool echo = false;
    bool read_only = false;
    EchoSink sink;
    EchoSink note_sink;

    void log(const std::string& line) const {
        if (!echo) return;
        std::string masked = mask_password(line, url);
        if (sink) sink(masked);
        else stderr_echo_sink()(masked);
    }
};

struct Connection::State {
    std::shared_ptr<const Engine::State> engine;
    std::unique_ptr<dialect::Connection> driver;
    unsigned savepoints = 0;

    dialect::Connection& conn() {
        if (!driver) throw DatabaseError("the connection is closed");
        return *driver;
    }
};

namespace {

// SQLAlchemy shortens each logged parameter to about 300 characters.
constexpr std::size_t kMaxParamRepr = 300;
// ... and shows 10 parameter sets of an executemany.
constexpr std::size_t kMaxParamSets = 10;

std::string short_repr(const dialect::Value& v) {
    std::string r = v.repr();
    if (r.size() <= kMaxParamRepr) return r;
    std::size_t keep = kMaxParamRepr / 2;
    return fmt::format("{} ... ({} characters truncated) ... {}", r.substr(0, keep), r.size() - 2 * keep,
                       r.substr(r.size() - keep));
}

std::string params_repr(const dialect::Params& params) {
    std::string out = "(";
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (i) out += ", ";
        out += short_repr(params[i]);
    }
    if (params.size() == 1) out += ",";
    return out + ")";
}

void log_params(const Engine::State& e, const dialect::Params& params) {
    if (e.echo && !params.empty()) e.log("[parameters: " + params_repr(params) + "]");
}

}  // namespace

EchoSink stderr_echo_sink() {
    return [](const std::string& line) {
        std::string out = line + "\n";
        std::fwrite(out.data(), 1, out.size(), stderr);
        std::fflush(stderr);
    };
}

// ---- Engine ---------------------------------------------------------------

Engine::Engine(Url url, EngineOptions options) : state_(std::make_shared<State>()) {
    state_->dialect = &dialect::get_dialect(url.backend);
    state_->url = std::move(url);
    state_->echo = options.echo;
    state_->sink = std::move(options.echo_sink);
    state_->read_only = options.read_only;
    state_->note_sink = std::move(options.note_sink);
}

const Url& Engine::url() const { return state_->url; }
const dialect::Dialect& Engine::dialect() const { return *state_->dialect; }
std::string Engine::name() const { return state_->dialect->name(); }
bool Engine::echo() const { return state_->echo; }
void Engine::set_echo(bool on) { state_->echo = on; }
void Engine::log(const std::string& line) const { state_->log(line); }

Connection Engine::connect() const {
    auto cs = std::make_shared<Connection::State>();
    cs->engine = state_;
    try {
        auto params = state_->url.to_connect_params();
        params.read_only = state_->read_only;
        cs->driver = state_->dialect->connect(params);
    } catch (const dialect::DriverError& e) {
        // Drivers mask the password already; URLs quoted by a driver get masked here too.
        throw dialect::DriverError(mask_password(e.server_message(), state_->url), e.kind(), e.code());
    }
    cs->driver->set_statement_log([engine = state_](const std::string& sql) {
        engine->log(sql);
        if (engine->note_sink && sql.rfind("-- ", 0) == 0) engine->note_sink(mask_password(sql.substr(3), engine->url));
    });
    return Connection(std::move(cs));
}

Engine create_engine(const std::string& url, EngineOptions options) {
    return Engine(Url::parse(url), std::move(options));
}

// ---- PreparedStatement ----------------------------------------------------

PreparedStatement::PreparedStatement(std::shared_ptr<const Engine::State> engine,
                                     std::unique_ptr<dialect::PreparedStatement> stmt)
    : engine_(std::move(engine)), stmt_(std::move(stmt)) {}

std::int64_t PreparedStatement::execute(const dialect::Params& params) {
    engine_->log(stmt_->sql());
    log_params(*engine_, params);
    return stmt_->execute(params);
}

std::unique_ptr<dialect::Result> PreparedStatement::query(const dialect::Params& params) {
    engine_->log(stmt_->sql());
    log_params(*engine_, params);
    return stmt_->query(params);
}

const std::string& PreparedStatement::sql() const { return stmt_->sql(); }

// ---- Connection -----------------------------------------------------------

Connection::Connection(std::shared_ptr<State> state) : state_(std::move(state)) {}

Connection::~Connection() {
    try {
        close();
    } catch (...) {
    }
}

const dialect::Dialect& Connection::dialect() const { return *state_->engine->dialect; }
dialect::Connection& Connection::driver() { return state_->conn(); }

void Connection::execute(const std::string& sql) {
    auto& c = state_->conn();
    state_->engine->log(sql);
    c.execute(sql);
}

std::int64_t Connection::execute(const std::string& sql, const dialect::Params& params) {
    auto& c = state_->conn();
    state_->engine->log(sql);
    log_params(*state_->engine, params);
    return c.execute(sql, params);
}

namespace {
std::unique_ptr<dialect::Result> query_on(Connection::State& state, const std::string& sql,
                                          const dialect::Params& params) {
    auto& c = state.conn();
    state.engine->log(sql);
    log_params(*state.engine, params);
    return c.query(sql, params);
}
}  // namespace

std::unique_ptr<dialect::Result> Connection::query(const std::string& sql, const dialect::Params& params) {
    return query_on(*state_, sql, params);
}

namespace {
void log_many(const Engine::State& e, const std::string& sql, const dialect::ParamRows& param_sets) {
    if (!e.echo) return;
    e.log(sql);
    std::string shown = "[";
    dialect::Params p;
    for (std::size_t i = 0; i < param_sets.size && i < kMaxParamSets; ++i) {
        if (i) shown += ", ";
        param_sets.fill(i, p);
        shown += params_repr(p);
    }
    if (param_sets.size > kMaxParamSets) shown += ", ...";
    shown += "]";
    e.log(fmt::format("[parameters: {} set{}: {}]", param_sets.size, param_sets.size == 1 ? "" : "s", shown));
}
}  // namespace

std::int64_t Connection::executemany(const std::string& sql, const std::vector<dialect::Params>& param_sets) {
    auto& c = state_->conn();
    log_many(*state_->engine, sql, dialect::ParamRows::of(param_sets));
    return c.executemany(sql, param_sets);
}

std::optional<std::vector<std::int64_t>> Connection::executemany_rowids(
    const std::string& sql, const dialect::ParamRows& param_sets) {
    auto& c = state_->conn();
    log_many(*state_->engine, sql, param_sets);
    return c.executemany_rowids(sql, param_sets);
}

std::int64_t Connection::copy_rows(const std::string& table, const std::vector<std::string>& columns,
                                   const dialect::ParamRows& rows) {
    auto& c = state_->conn();
    if (state_->engine->echo) log_many(*state_->engine, c.copy_rows_sql(table, columns), rows);
    return c.copy_rows(table, columns, rows);
}

void Connection::begin_bulk_load() { state_->conn().begin_bulk_load(); }
void Connection::end_bulk_load(bool references_known) { state_->conn().end_bulk_load(references_known); }

PreparedStatement Connection::prepare(const std::string& sql) {
    return PreparedStatement(state_->engine, state_->conn().prepare(sql));
}

void Connection::require_writable() {
    if (auto reason = dialect().read_only_reason(runner())) throw DatabaseError(*reason);
}

dialect::QueryRunner Connection::runner() {
    // The state, not this object, which may move; closing the connection closes the state too.
    return [state = state_](const std::string& sql, const dialect::Params& params) { return query_on(*state, sql, params); };
}

std::string Connection::placeholder(std::size_t n) const { return state_->conn().placeholder(n); }

Transaction Connection::begin() {
    auto& c = state_->conn();
    state_->engine->log("BEGIN");
    c.begin();
    return Transaction(state_, std::nullopt);
}

Transaction Connection::begin_nested() {
    auto& c = state_->conn();
    if (!c.in_transaction()) throw DatabaseError("begin_nested() needs an open transaction");
    std::string name = fmt::format("orm_savepoint_{}", ++state_->savepoints);
    state_->engine->log("SAVEPOINT " + name);
    c.savepoint(name);
    return Transaction(state_, name);
}

bool Connection::in_transaction() const { return state_ && state_->driver && state_->driver->in_transaction(); }

std::vector<std::string> Connection::table_names(const std::optional<std::string>& schema) {
    return state_->conn().table_names(schema);
}

std::vector<std::string> Connection::enum_names(const std::optional<std::string>& schema) {
    return state_->conn().enum_names(schema);
}

bool Connection::has_table(const std::string& name, const std::optional<std::string>& schema) {
    for (const auto& t : table_names(schema))
        if (t == name) return true;
    return false;
}

void Connection::close() {
    if (!state_ || !state_->driver) return;
    auto driver = std::move(state_->driver);
    if (driver->in_transaction()) {
        state_->engine->log("ROLLBACK");
        try {
            driver->rollback();
        } catch (...) {
        }
    }
    driver->close();
}

// ---- Transaction ----------------------------------------------------------

Transaction::Transaction(std::shared_ptr<Connection::State> conn, std::optional<std::string> savepoint)
    : conn_(std::move(conn)), savepoint_(std::move(savepoint)), active_(true) {}

Transaction::Transaction(Transaction&& other) noexcept
    : conn_(std::move(other.conn_)), savepoint_(std::move(other.savepoint_)), active_(other.active_) {
    other.active_ = false;
}

Transaction& Transaction::operator=(Transaction&& other) noexcept {
    if (this != &other) {
        try {
            rollback();
        } catch (...) {
        }
        conn_ = std::move(other.conn_);
        savepoint_ = std::move(other.savepoint_);
        active_ = other.active_;
        other.active_ = false;
    }
    return *this;
}

Transaction::~Transaction() {
    try {
        rollback();
    } catch (...) {
        // A destructor must not throw; the connection's own rollback on close is the backstop.
    }
}

void Transaction::commit() {
    if (!active_) throw DatabaseError("this transaction is no longer active");
    active_ = false;
    auto& c = conn_->conn();
    const auto& e = *conn_->engine;
    if (savepoint_) {
        e.log("RELEASE SAVEPOINT " + *savepoint_);
        c.release_savepoint(*savepoint_);
    } else {
        e.log("COMMIT");
        c.commit();
    }
}

void Transaction::rollback() {
    if (!active_) return;
    active_ = false;
    if (!conn_->driver) return;   // the connection was closed, which rolled back
    auto& c = *conn_->driver;
    const auto& e = *conn_->engine;
    if (savepoint_) {
        e.log("ROLLBACK TO SAVEPOINT " + *savepoint_);
        c.rollback_to_savepoint(*savepoint_);
    } else if (c.in_transaction()) {
        e.log("ROLLBACK");
        c.rollback();
    }
}

}  // namespace orm::engine
