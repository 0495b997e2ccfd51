CREATE TABLE user (
	id INTEGER NOT NULL, 
	"Name" VARCHAR(10), 
	"order" INTEGER, 
	"select" INTEGER, 
	"has space" INTEGER, 
	"2nd" INTEGER, 
	ok_name$ INTEGER, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_user_select ON user ("select");

CREATE TABLE "CamelCase" (
	"ID" INTEGER NOT NULL, 
	user_id INTEGER, 
	PRIMARY KEY ("ID"), 
	FOREIGN KEY(user_id) REFERENCES user (id)
);

-- drop_all

DROP TABLE "CamelCase";

DROP TABLE user;

