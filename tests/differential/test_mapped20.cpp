// SQLAlchemy 2.0-style models (DeclarativeBase, Mapped[...], mapped_column)
// under mapped20/. SQLAlchemy 2.0 cannot be installed here, so the DDL it
// emits for them is written down below by hand, from 2.0's rules: the
// annotation gives the type when mapped_column() has none (int -> INTEGER,
// str -> VARCHAR, Decimal -> NUMERIC, float -> FLOAT, bool -> BOOLEAN,
// bytes -> BLOB / BYTEA, date -> DATE, datetime -> DATETIME / TIMESTAMP
// WITHOUT TIME ZONE, uuid.UUID -> Uuid: CHAR(32) / UUID, an enum.Enum ->
// Enum over its member names), Optional[X] / X | None make the column
// nullable and anything else NOT NULL, an explicit nullable= wins, and
// statement order is create_all's (as in 1.4).
//
// Checked two ways: `create-all --sql` against this DDL statement for
// statement, and the schema `orm create-all` builds against the schema this
// DDL builds (sa_exec.py), reflected by sa_reflect.py.
#include <catch2/catch.hpp>

#include "differential/diff_support.hpp"

using namespace orm_diff;
using orm_test::run_orm;
using orm_test::run_python;
using orm_test::TempDir;

namespace {

const char* kLibrarySqlite = R"SQL(
CREATE TABLE authors (
	id INTEGER NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	email VARCHAR(50) NOT NULL, 
	bio VARCHAR, 
	website VARCHAR(200), 
	born DATE, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (email)
);

CREATE TABLE books (
	id INTEGER NOT NULL, 
	author_id INTEGER NOT NULL, 
	title TEXT NOT NULL, 
	price NUMERIC(8, 2) NOT NULL, 
	weight FLOAT, 
	in_print BOOLEAN NOT NULL, 
	cover BLOB, 
	genre VARCHAR(7) NOT NULL, 
	published DATE, 
	sku VARCHAR(20), 
	PRIMARY KEY (id), 
	FOREIGN KEY(author_id) REFERENCES authors (id) ON DELETE CASCADE
);

CREATE INDEX ix_books_author_id ON books (author_id);
)SQL";

const char* kLibraryPostgresql = R"SQL(
CREATE TYPE genre AS ENUM ('fiction', 'science', 'poetry');

CREATE TABLE authors (
	id SERIAL NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	email VARCHAR(50) NOT NULL, 
	bio VARCHAR, 
	website VARCHAR(200), 
	born DATE, 
	created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (email)
);

CREATE TABLE books (
	id SERIAL NOT NULL, 
	author_id INTEGER NOT NULL, 
	title TEXT NOT NULL, 
	price NUMERIC(8, 2) NOT NULL, 
	weight FLOAT, 
	in_print BOOLEAN NOT NULL, 
	cover BYTEA, 
	genre genre NOT NULL, 
	published DATE, 
	sku VARCHAR(20), 
	PRIMARY KEY (id), 
	FOREIGN KEY(author_id) REFERENCES authors (id) ON DELETE CASCADE
);

CREATE INDEX ix_books_author_id ON books (author_id);
)SQL";

const char* kAccountsSqlite = R"SQL(
CREATE TABLE users (
	id CHAR(32) NOT NULL, 
	user_handle VARCHAR(30) NOT NULL, 
	balance NUMERIC NOT NULL, 
	nickname VARCHAR(30) NOT NULL, 
	score INTEGER, 
	joined_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL, 
	last_seen DATETIME, 
	active BOOLEAN DEFAULT (1) NOT NULL, 
	PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_users_user_handle ON users (user_handle);

CREATE TABLE groups (
	id BIGINT NOT NULL, 
	name VARCHAR(50) NOT NULL, 
	parent_id BIGINT, 
	PRIMARY KEY (id), 
	UNIQUE (name), 
	FOREIGN KEY(parent_id) REFERENCES groups (id) ON DELETE SET NULL
);

CREATE TABLE membership (
	user_id CHAR(32) NOT NULL, 
	group_id BIGINT NOT NULL, 
	since DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	PRIMARY KEY (user_id, group_id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	FOREIGN KEY(group_id) REFERENCES groups (id) ON DELETE CASCADE
);
)SQL";

const char* kAccountsPostgresql = R"SQL(
CREATE TABLE users (
	id UUID NOT NULL, 
	user_handle VARCHAR(30) NOT NULL, 
	balance NUMERIC NOT NULL, 
	nickname VARCHAR(30) NOT NULL, 
	score INTEGER, 
	joined_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
	last_seen TIMESTAMP WITHOUT TIME ZONE, 
	active BOOLEAN DEFAULT true NOT NULL, 
	PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_users_user_handle ON users (user_handle);

CREATE TABLE groups (
	id BIGSERIAL NOT NULL, 
	name VARCHAR(50) NOT NULL, 
	parent_id BIGINT, 
	PRIMARY KEY (id), 
	UNIQUE (name), 
	FOREIGN KEY(parent_id) REFERENCES groups (id) ON DELETE SET NULL
);

CREATE TABLE membership (
	user_id UUID NOT NULL, 
	group_id BIGINT NOT NULL, 
	since TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), 
	PRIMARY KEY (user_id, group_id), 
	FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	FOREIGN KEY(group_id) REFERENCES groups (id) ON DELETE CASCADE
);
)SQL";

// generated_classes.py: one events table, made by the declared_attr for
// Price only (its single-table subclasses find the attribute mapped on Price,
// so SQLAlchemy does not run it again); the subclasses' columns join prices.
const char* kGeneratedClassesSqlite = R"SQL(
CREATE TABLE notes (
	discriminator VARCHAR(20) NOT NULL, 
	body VARCHAR, 
	id INTEGER NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE prices (
	kind VARCHAR(10) DEFAULT 'fixed' NOT NULL, 
	amount INTEGER, 
	interval VARCHAR(5), 
	deleted BOOLEAN NOT NULL, 
	note_id INTEGER, 
	id INTEGER NOT NULL, 
	minimum INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(note_id) REFERENCES notes (id)
);

CREATE TABLE price_events (
	source_id INTEGER, 
	tag VARCHAR NOT NULL, 
	id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(source_id) REFERENCES prices (id) ON DELETE CASCADE
);

CREATE INDEX ix_price_events_source_id ON price_events (source_id);
)SQL";

const char* kGeneratedClassesPostgresql = R"SQL(
CREATE TABLE notes (
	discriminator VARCHAR(20) NOT NULL, 
	body VARCHAR, 
	id SERIAL NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE prices (
	kind VARCHAR(10) DEFAULT 'fixed' NOT NULL, 
	amount INTEGER, 
	interval VARCHAR(5), 
	deleted BOOLEAN NOT NULL, 
	note_id INTEGER, 
	id SERIAL NOT NULL, 
	minimum INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(note_id) REFERENCES notes (id)
);

CREATE TABLE price_events (
	source_id INTEGER, 
	tag VARCHAR NOT NULL, 
	id SERIAL NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(source_id) REFERENCES prices (id) ON DELETE CASCADE
);

CREATE INDEX ix_price_events_source_id ON price_events (source_id);
)SQL";

std::string expected_ddl(const std::string& name, const std::string& dialect) {
    if (name == "library") return dialect == "sqlite" ? kLibrarySqlite : kLibraryPostgresql;
    if (name == "accounts") return dialect == "sqlite" ? kAccountsSqlite : kAccountsPostgresql;
    if (name == "generated_classes") return dialect == "sqlite" ? kGeneratedClassesSqlite : kGeneratedClassesPostgresql;
    FAIL("no hand-written DDL for mapped20/" << name << ".py");
    return "";
}

fs::path mapped20(const std::string& name) { return differential_dir() / "mapped20" / (name + ".py"); }

void check_sql(const std::string& name) {
    for (const std::string dialect : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION("create-all --sql, " << dialect) {
            TempDir dir;
            const std::string url = offline_url(dialect, dir.path());
            auto result = run_orm({"--models", mapped20(name).string(), "--url", url, "create-all", "--sql"});
            INFO("exit " << result.exit_code << "; stderr:\n" << result.err);
            CHECK(result.exit_code == 0);
            const auto diff =
                statement_diff(canonical_statements(expected_ddl(name, dialect)), canonical_statements(result.out));
            if (!diff.empty()) FAIL_CHECK("mapped20/" << name << ".py, " << dialect << " (expected: SQLAlchemy 2.0 by hand):\n" << diff);
        }
    }
}

void check_db(const std::string& name) {
    for (const std::string dialect : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION("create-all, " << dialect) {
            TempDir dir;
            const auto orm_db = fresh_database(dialect, "diff20_" + name + "_orm", dir.path());
            const auto sa_db = fresh_database(dialect, "diff20_" + name + "_sa", dir.path());
            auto exec = run_python({(differential_dir() / "sa_exec.py").string(), sa_db}, {},
                                   expected_ddl(name, dialect));
            INFO("sa_exec.py stderr:\n" << exec.err);
            REQUIRE(exec.exit_code == 0);
            auto created = run_orm({"--models", mapped20(name).string(), "--url", orm_db, "create-all"});
            INFO("orm create-all: exit " << created.exit_code << "; stderr:\n" << created.err);
            CHECK(created.exit_code == 0);
            const auto diff = json_diff(run_sa_script("sa_reflect.py", {sa_db}),
                                        run_sa_script("sa_reflect.py", {orm_db}));
            if (!diff.empty()) FAIL_CHECK("mapped20/" << name << ".py, " << dialect << ": reflected schemas differ:\n" << diff);
        }
    }
}

}  // namespace

TEST_CASE("2.0-style models: create-all --sql equals SQLAlchemy 2.0's DDL: library.py", "[differential][mapped20][sql]") {
    check_sql("library");
}

TEST_CASE("2.0-style models: create-all --sql equals SQLAlchemy 2.0's DDL: accounts.py", "[differential][mapped20][sql]") {
    check_sql("accounts");
}

TEST_CASE("2.0-style models: create-all --sql equals SQLAlchemy 2.0's DDL: generated_classes.py",
          "[differential][mapped20][sql]") {
    check_sql("generated_classes");
}

TEST_CASE("2.0-style models: create-all builds the schema of SQLAlchemy 2.0's DDL: generated_classes.py",
          "[differential][mapped20][db]") {
    check_db("generated_classes");
}

TEST_CASE("2.0-style models: create-all builds the schema of SQLAlchemy 2.0's DDL: library.py", "[differential][mapped20][db]") {
    check_db("library");
}

TEST_CASE("2.0-style models: create-all builds the schema of SQLAlchemy 2.0's DDL: accounts.py", "[differential][mapped20][db]") {
    check_db("accounts");
}

TEST_CASE("2.0-style models: every file under mapped20/ has hand-written DDL", "[differential][mapped20]") {
    std::vector<std::string> names;
    for (const auto& file : models_files(differential_dir() / "mapped20")) names.push_back(file.name);
    CHECK(names == std::vector<std::string>{"accounts", "generated_classes", "library"});
}
