CREATE TABLE account (
	id SERIAL NOT NULL, 
	slug VARCHAR(20), 
	CONSTRAINT pk_account PRIMARY KEY (id), 
	CONSTRAINT uq_account_slug UNIQUE (slug)
);

CREATE TABLE entry_with_a_really_quite_long_table_name_for_truncation (
	id SERIAL NOT NULL, 
	account_identifier_with_long_name INTEGER, 
	x INTEGER, 
	kind VARCHAR(1), 
	CONSTRAINT pk_entry_with_a_really_quite_long_table_name_for_truncation PRIMARY KEY (id), 
	CONSTRAINT uq_entry_with_a_really_quite_long_table_name_for_trunca_5cc6 UNIQUE (x, account_identifier_with_long_name), 
	CONSTRAINT ck_entry_with_a_really_quite_long_table_name_for_trunca_c05a CHECK (x > 0), 
	CONSTRAINT fk_entry_with_a_really_quite_long_table_name_for_trunca_3e58 FOREIGN KEY(account_identifier_with_long_name) REFERENCES account (id), 
	CONSTRAINT ck_entry_with_a_really_quite_long_table_name_for_trunca_087d CHECK (kind IN ('a', 'b'))
);

CREATE INDEX ix_entry_with_a_really_quite_long_table_name_for_truncation_x ON entry_with_a_really_quite_long_table_name_for_truncation (x);

-- drop_all

DROP TABLE entry_with_a_really_quite_long_table_name_for_truncation;

DROP TABLE account;

