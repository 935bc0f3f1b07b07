CREATE TABLE notification (
	id VARCHAR(36) PRIMARY KEY,
	event VARCHAR(64) NOT NULL,
	user_id VARCHAR(36),
	order_id VARCHAR(36),
	message VARCHAR(500) NOT NULL,
	created_at TIMESTAMP NOT NULL
);
