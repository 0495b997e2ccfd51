#include "orm/dialect/postgresql/postgresql_transactions.hpp"

#include <pqxx/subtransaction>
#include <pqxx/transaction>

#include <exception>
#include <utility>

namespace orm::dialect::pg {

namespace {

// How a transaction object's abort() ended, for both kinds below: libpqxx
// swallows a failed ROLLBACK, so its error is kept for rollback() to throw;
// once forgotten, abort() sends nothing (the server ended the transaction).
struct AbortOutcome {
    bool silent = false;
    std::exception_ptr failure;

    // Runs the abort statement unless forgotten, keeping what it threw.
    template <class Statement>
    void run(Statement&& statement) noexcept {
        if (silent) return;
        try {
            statement();
        } catch (...) {
            failure = std::current_exception();
        }
    }
    // abort(), throwing what the server answered.
    template <class Transaction>
    void rollback(Transaction& t) {
        t.abort();
        if (failure) std::rethrow_exception(std::exchange(failure, nullptr));
    }
    // abort() without a statement.
    template <class Transaction>
    void forget(Transaction& t) noexcept {
        silent = true;
        try {
            t.abort();
        } catch (...) {   // only for an object already committed, which forget() is not given
        }
    }
};

}  // namespace

// BEGIN when made (pqxx::transaction<> does that itself).
class TransactionStack::Work : public pqxx::transaction<> {
public:
    // As the most derived class this one names the virtual base namedclass.
    explicit Work(pqxx::connection_base& c) : pqxx::internal::namedclass{"transaction<READ COMMITTED>"}, transaction(c) {}
    // End() here, where do_abort() still dispatches to this class.
    ~Work() noexcept override { End(); }

    // ROLLBACK, throwing what the server answered.
    void rollback() { outcome_.rollback(*this); }
    void forget() noexcept { outcome_.forget(*this); }

private:
    pqxx::result do_exec(const char query[]) override { return direct_exec(query); }
    void do_abort() override { outcome_.run([this] { dbtransaction::do_abort(); }); }

    AbortOutcome outcome_;
};

// SAVEPOINT when made.
class TransactionStack::Savepoint : public pqxx::subtransaction {
public:
    // The virtual base namedclass holds the name SAVEPOINT and RELEASE send;
    // naming it here keeps libpqxx from appending its counter.
    Savepoint(pqxx::dbtransaction& parent, const std::string& name)
        : pqxx::internal::namedclass{"subtransaction", name}, subtransaction(parent, name) {
        Begin();
    }
    ~Savepoint() noexcept override { End(); }

    // ROLLBACK TO SAVEPOINT, throwing what the server answered.
    void rollback() { outcome_.rollback(*this); }
    void forget() noexcept { outcome_.forget(*this); }

private:
    pqxx::result do_exec(const char query[]) override { return direct_exec(query); }
    // subtransaction::do_abort is private: its one statement, as libpqxx 6.4 sends it.
    void do_abort() override {
        outcome_.run([this] { direct_exec(("ROLLBACK TO SAVEPOINT " + quote_name(name())).c_str()); });
    }

    AbortOutcome outcome_;
};

TransactionStack::TransactionStack() = default;
TransactionStack::~TransactionStack() { forget(); }

void TransactionStack::begin(pqxx::connection_base& connection) {
    forget();
    top_ = std::make_unique<Work>(connection);
}

void TransactionStack::commit() {
    drop_from(0);
    // A failed commit leaves the object aborted: dropping it sends nothing.
    std::unique_ptr<Work> top = std::move(top_);
    top->commit();
}

void TransactionStack::rollback() {
    drop_from(0);
    std::unique_ptr<Work> top = std::move(top_);
    top->rollback();
}

void TransactionStack::savepoint(const std::string& name) {
    auto sp = std::make_unique<Savepoint>(innermost(), name);
    savepoints_.push_back({name, std::move(sp)});
}

bool TransactionStack::release(const std::string& name) {
    long i = find(name);
    if (i < 0) return false;
    Entry& e = savepoints_[static_cast<std::size_t>(i)];
    if (e.live) {
        try {
            e.live->commit();
        } catch (...) {
            e.live.reset();   // aborted by the failure: the server still has the savepoint
            throw;
        }
    } else {
        innermost().exec("RELEASE SAVEPOINT " + top_->quote_name(name));
    }
    drop_from(static_cast<std::size_t>(i));
    return true;
}

bool TransactionStack::rollback_to(const std::string& name) {
    long i = find(name);
    if (i < 0) return false;
    drop_from(static_cast<std::size_t>(i) + 1);
    Entry& e = savepoints_[static_cast<std::size_t>(i)];
    if (e.live) {
        std::unique_ptr<Savepoint> sp = std::move(e.live);
        sp->rollback();
    } else {
        innermost().exec("ROLLBACK TO SAVEPOINT " + top_->quote_name(name));
    }
    return true;
}

void TransactionStack::exec(const std::string& sql) { innermost().exec(sql); }

void TransactionStack::forget() noexcept {
    drop_from(0);
    if (top_) top_->forget();
    top_.reset();
}

long TransactionStack::find(const std::string& name) const {
    for (std::size_t i = savepoints_.size(); i-- > 0;)
        if (savepoints_[i].name == name) return static_cast<long>(i);
    return -1;
}

void TransactionStack::drop_from(std::size_t from) noexcept {
    while (savepoints_.size() > from) {
        if (savepoints_.back().live) savepoints_.back().live->forget();
        savepoints_.pop_back();
    }
}

pqxx::dbtransaction& TransactionStack::innermost() {
    for (std::size_t i = savepoints_.size(); i-- > 0;)
        if (savepoints_[i].live) return *savepoints_[i].live;
    return *top_;
}

}  // namespace orm::dialect::pg
