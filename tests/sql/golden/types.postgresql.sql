CREATE TYPE status AS ENUM ('draft', 'published');

CREATE TABLE generic (
	id SERIAL NOT NULL, 
	a SMALLINT, 
	b BIGINT, 
	c VARCHAR, 
	d VARCHAR(30), 
	e VARCHAR(10), 
	f TEXT, 
	g TEXT, 
	h BOOLEAN, 
	i DATE, 
	j TIMESTAMP WITHOUT TIME ZONE, 
	k TIMESTAMP WITH TIME ZONE, 
	l TIME WITHOUT TIME ZONE, 
	m INTERVAL, 
	n FLOAT, 
	o FLOAT(24), 
	p NUMERIC, 
	q NUMERIC(12), 
	r NUMERIC(10, 2), 
	s BYTEA, 
	t BYTEA, 
	u JSON, 
	v VARCHAR(20) COLLATE "C", 
	PRIMARY KEY (id)
);

CREATE TABLE upper (
	id SERIAL NOT NULL, 
	a SMALLINT, 
	b BIGINT, 
	c VARCHAR(10), 
	d NVARCHAR(10), 
	e CHAR(3), 
	f NCHAR(2), 
	g TEXT, 
	h CLOB, 
	i BOOLEAN, 
	j DATE, 
	k DATETIME, 
	l TIMESTAMP WITHOUT TIME ZONE, 
	m TIMESTAMP WITH TIME ZONE, 
	n TIME WITHOUT TIME ZONE, 
	o FLOAT, 
	p REAL, 
	q NUMERIC(8, 3), 
	r DECIMAL(6, 1), 
	s BLOB, 
	t BINARY(16), 
	u VARBINARY(8), 
	PRIMARY KEY (id)
);

CREATE TABLE enums (
	id BIGSERIAL NOT NULL, 
	native status, 
	again status, 
	plain VARCHAR(3), 
	checked VARCHAR(1), 
	flag BOOLEAN, 
	flag2 BOOLEAN, 
	PRIMARY KEY (id), 
	CONSTRAINT xy CHECK (checked IN ('x', 'y'))
);

-- drop_all

DROP TABLE enums;

DROP TABLE upper;

DROP TABLE generic;

DROP TYPE status;

