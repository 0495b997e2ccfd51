CREATE TABLE parent (
	id INTEGER NOT NULL, 
	code VARCHAR(5) NOT NULL, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (id, version)
);

CREATE TABLE child (
	id INTEGER NOT NULL, 
	parent_id INTEGER, 
	pcode VARCHAR(5), 
	pver INTEGER, 
	email VARCHAR(100), 
	qty INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_child_pcode_pver UNIQUE (pcode, pver), 
	CONSTRAINT ck_qty_positive CHECK (qty > 0), 
	CHECK (qty < 1000), 
	CONSTRAINT fk_child_parent FOREIGN KEY(parent_id, pver) REFERENCES parent (id, version) DEFERRABLE INITIALLY DEFERRED, 
	FOREIGN KEY(parent_id) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE SET NULL, 
	UNIQUE (email)
);

CREATE TABLE link (
	a INTEGER NOT NULL, 
	b INTEGER NOT NULL, 
	CONSTRAINT pk_link PRIMARY KEY (a, b), 
	FOREIGN KEY(a) REFERENCES parent (id), 
	CONSTRAINT fk_link_b FOREIGN KEY(b) REFERENCES child (id)
);

-- drop_all

DROP TABLE link;

DROP TABLE child;

DROP TABLE parent;

