CREATE TABLE generic (
	id INTEGER NOT NULL, 
	a SMALLINT, 
	b BIGINT, 
	c VARCHAR, 
	d VARCHAR(30), 
	e VARCHAR(10), 
	f TEXT, 
	g TEXT, 
	h BOOLEAN, 
	i DATE, 
	j DATETIME, 
	k DATETIME, 
	l TIME, 
	m DATETIME, 
	n FLOAT, 
	o FLOAT, 
	p NUMERIC, 
	q NUMERIC(12), 
	r NUMERIC(10, 2), 
	s BLOB, 
	t BLOB, 
	u JSON, 
	v VARCHAR(20) COLLATE "C", 
	PRIMARY KEY (id)
);

CREATE TABLE upper (
	id INTEGER NOT NULL, 
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
	l TIMESTAMP, 
	m TIMESTAMP, 
	n TIME, 
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
	id BIGINT NOT NULL, 
	native VARCHAR(9), 
	again VARCHAR(9), 
	plain VARCHAR(3), 
	checked VARCHAR(1), 
	flag BOOLEAN, 
	flag2 BOOLEAN, 
	PRIMARY KEY (id), 
	CONSTRAINT xy CHECK (checked IN ('x', 'y')), 
	CONSTRAINT flag_bool CHECK (flag IN (0, 1)), 
	CHECK (flag2 IN (0, 1))
);

-- drop_all

DROP TABLE enums;

DROP TABLE upper;

DROP TABLE generic;

