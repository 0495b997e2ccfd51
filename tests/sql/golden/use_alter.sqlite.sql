CREATE TABLE node (
	id INTEGER NOT NULL, 
	parent_id INTEGER, 
	tree_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(parent_id) REFERENCES node (id), 
	CONSTRAINT fk_node_tree FOREIGN KEY(tree_id) REFERENCES tree (id)
);

CREATE TABLE tree (
	id INTEGER NOT NULL, 
	root_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(root_id) REFERENCES node (id)
);

-- drop_all

DROP TABLE tree;

DROP TABLE node;

