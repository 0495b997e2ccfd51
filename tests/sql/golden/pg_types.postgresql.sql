CREATE TYPE "Switch" AS ENUM ('on', 'off');

CREATE TABLE pgtypes (
	id SMALLSERIAL NOT NULL, 
	a JSONB, 
	b UUID, 
	c INTEGER[], 
	d VARCHAR(20)[][], 
	e INET, 
	f TSVECTOR, 
	g BYTEA, 
	h INTERVAL DAY, 
	i TIMESTAMP(3) WITHOUT TIME ZONE, 
	j DOUBLE PRECISION, 
	k CIDR, 
	l MACADDR, 
	m MONEY, 
	n HSTORE, 
	o "Switch", 
	p JSON, 
	q INT4RANGE, 
	r TIME WITH TIME ZONE, 
	PRIMARY KEY (id)
);

-- drop_all

DROP TABLE pgtypes;

DROP TYPE "Switch";

