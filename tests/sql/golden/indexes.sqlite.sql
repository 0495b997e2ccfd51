CREATE TABLE users (
	id INTEGER NOT NULL, 
	email VARCHAR(100), 
	name VARCHAR(50), 
	active BOOLEAN, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_active_name ON users (active, name) WHERE active = 1;

CREATE INDEX ix_users_email ON users (email);

CREATE UNIQUE INDEX ix_users_lower_email ON users (lower(email));

CREATE UNIQUE INDEX ix_users_name ON users (name);

-- drop_all

DROP TABLE users;

