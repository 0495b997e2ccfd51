CREATE TABLE readings (
	sensor VARCHAR(20) NOT NULL, 
	seq SERIAL NOT NULL, 
	value FLOAT, 
	PRIMARY KEY (seq, sensor)
);

CREATE TABLE three (
	a VARCHAR(5) NOT NULL, 
	b VARCHAR(5) NOT NULL, 
	c BIGSERIAL NOT NULL, 
	PRIMARY KEY (c, a, b)
);

CREATE TABLE no_autoinc (
	a INTEGER NOT NULL, 
	b INTEGER NOT NULL, 
	PRIMARY KEY (a, b)
);

CREATE TABLE explicit_pk (
	sensor VARCHAR(20) NOT NULL, 
	seq SERIAL NOT NULL, 
	CONSTRAINT pk_explicit PRIMARY KEY (sensor, seq)
);

CREATE TABLE empty_pk (
	sensor VARCHAR(20) NOT NULL, 
	seq SERIAL NOT NULL, 
	CONSTRAINT pk_empty PRIMARY KEY (sensor, seq)
);

-- drop_all

DROP TABLE empty_pk;

DROP TABLE explicit_pk;

DROP TABLE no_autoinc;

DROP TABLE three;

DROP TABLE readings;

