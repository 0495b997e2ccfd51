// A PostgreSQL connection's transaction and savepoints as libpqxx 6.4
// objects: a pqxx::transaction<> sends BEGIN / COMMIT / ROLLBACK, and each
// savepoint is a pqxx::subtransaction nested in the one below it, sending
// SAVEPOINT / RELEASE SAVEPOINT / ROLLBACK TO SAVEPOINT with the name quoted.
// Internal to dialect/postgresql/ (the connection is the only user).
//
// libpqxx's objects are adapted where their own behaviour would differ from
// what the driver connection promises:
// - a failed statement run through one does not roll it back
//   (dbtransaction::do_exec sends ROLLBACK before rethrowing);
// - a failed ROLLBACK or ROLLBACK TO SAVEPOINT reaches the caller
//   (transaction_base::abort() swallows it);
// - a savepoint begins when it is made (pqxx::subtransaction waits for its
//   first statement) and is named as the caller named it (libpqxx appends a
//   counter);
// - an object whose server transaction is already over (ended by SQL text,
//   or by the connection closing) is dropped without a statement.
// libpqxx does not see statements run on the libpq handle beneath it; the
// connection reads the server's transaction status itself
// (PQtransactionStatus) and calls forget() when the two disagree.
#pragma once

#include <pqxx/connection_base>

#include <memory>
#include <string>
#include <vector>

namespace orm::dialect::pg {

class TransactionStack {
public:
    TransactionStack();
    ~TransactionStack();   // forget(): closing the connection ends the server's transaction
    TransactionStack(const TransactionStack&) = delete;
    TransactionStack& operator=(const TransactionStack&) = delete;

    // Whether a transaction object is open (the server may disagree, see above).
    bool empty() const { return !top_; }

    // BEGIN on `connection`; objects left over are dropped first, without a statement.
    void begin(pqxx::connection_base& connection);
    // COMMIT / ROLLBACK (needs !empty()); the stack is empty afterwards,
    // also when the statement fails. Savepoints end with the transaction.
    void commit();
    void rollback();
    // SAVEPOINT "name" (needs !empty()).
    void savepoint(const std::string& name);
    // RELEASE SAVEPOINT / ROLLBACK TO SAVEPOINT "name", the newest savepoint
    // of that name; false (and nothing sent) when there is none. Savepoints
    // made after it end with it. After ROLLBACK TO the savepoint remains,
    // as on the server.
    bool release(const std::string& name);
    bool rollback_to(const std::string& name);
    // Runs a statement without parameters in the innermost open object (needs !empty()).
    void exec(const std::string& sql);
    // Drops every object without sending anything.
    void forget() noexcept;

private:
    class Work;
    class Savepoint;
    struct Entry {
        std::string name;
        // Null once ROLLBACK TO has ended its object: the server keeps the savepoint.
        std::unique_ptr<Savepoint> live;
    };
    // Index of the newest savepoint named `name`, or -1.
    long find(const std::string& name) const;
    // Drops savepoints_[from..] (newest first: each refers to the one below).
    void drop_from(std::size_t from) noexcept;
    // The newest object still open: the newest live savepoint, else the transaction.
    pqxx::dbtransaction& innermost();

    std::unique_ptr<Work> top_;
    std::vector<Entry> savepoints_;
};

}  // namespace orm::dialect::pg
