CREATE TABLE account (
	id INTEGER NOT NULL, 
	slug VARCHAR(20), 
	CONSTRAINT pk_account PRIMARY KEY (id), 
	CONSTRAINT uq_account_slug UNIQUE (slug)
);

CREATE TABLE entry_with_a_really_quite_long_table_name_for_truncation (
	id INTEGER NOT NULL, 
	account_identifier_with_long_name INTEGER, 
	x INTEGER, 
	kind VARCHAR(1), 
	CONSTRAINT pk_entry_with_a_really_quite_long_table_name_for_truncation PRIMARY KEY (id), 
	CONSTRAINT uq_entry_with_a_really_quite_long_table_name_for_truncation_x_account_identifier_with_long_name UNIQUE (x, account_identifier_with_long_name), 
	CONSTRAINT ck_entry_with_a_really_quite_long_table_name_for_truncation_positive CHECK (x > 0), 
	CONSTRAINT fk_entry_with_a_really_quite_long_table_name_for_truncation_account_identifier_with_long_name_account FOREIGN KEY(account_identifier_with_long_name) REFERENCES account (id), 
	CONSTRAINT ck_entry_with_a_really_quite_long_table_name_for_truncation_kind CHECK (kind IN ('a', 'b'))
);

CREATE INDEX ix_entry_with_a_really_quite_long_table_name_for_truncation_x ON entry_with_a_really_quite_long_table_name_for_truncation (x);

-- drop_all

DROP TABLE entry_with_a_really_quite_long_table_name_for_truncation;

DROP TABLE account;

