CREATE TABLE node (
	id SERIAL NOT NULL, 
	parent_id INTEGER, 
	tree_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(parent_id) REFERENCES node (id)
);

CREATE TABLE tree (
	id SERIAL NOT NULL, 
	root_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(root_id) REFERENCES node (id)
);

ALTER TABLE node ADD CONSTRAINT fk_node_tree FOREIGN KEY(tree_id) REFERENCES tree (id);

-- drop_all

ALTER TABLE node DROP CONSTRAINT fk_node_tree;

DROP TABLE tree;

DROP TABLE node;

