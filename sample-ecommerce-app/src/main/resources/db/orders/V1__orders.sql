CREATE TABLE orders (
	id VARCHAR(36) PRIMARY KEY,
	user_id VARCHAR(36) NOT NULL,
	status VARCHAR(16) NOT NULL,
	total NUMERIC(12, 2),
	payment_id VARCHAR(36),
	reason VARCHAR(500),
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE order_items (
	order_id VARCHAR(36) NOT NULL REFERENCES orders (id),
	product_id VARCHAR(36) NOT NULL,
	quantity INTEGER NOT NULL,
	PRIMARY KEY (order_id, product_id)
);
