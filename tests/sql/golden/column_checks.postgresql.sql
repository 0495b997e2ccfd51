CREATE TABLE budget (
	id SERIAL NOT NULL, 
	amount NUMERIC(12, 2) NOT NULL CONSTRAINT amount_nonnegative CHECK (amount >= 0), 
	cap INTEGER CONSTRAINT ck_budget_ CHECK (cap < 100) DEFERRABLE INITIALLY DEFERRED, 
	code VARCHAR(5) CONSTRAINT code_len CHECK (length(code) = 5), 
	flag BOOLEAN CONSTRAINT flag_set CHECK (flag IS NOT NULL), 
	PRIMARY KEY (id), 
	CONSTRAINT amount_cap CHECK (amount < 1000000), 
	UNIQUE (code)
);

-- drop_all

DROP TABLE budget;

