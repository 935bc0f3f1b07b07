CREATE TABLE products (
	id VARCHAR(36) PRIMARY KEY,
	sku VARCHAR(64) NOT NULL UNIQUE,
	name VARCHAR(200) NOT NULL,
	price NUMERIC(12, 2) NOT NULL,
	stock INTEGER NOT NULL CHECK (stock >= 0),
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE reservations (
	order_id VARCHAR(36) PRIMARY KEY,
	status VARCHAR(16) NOT NULL,
	amount NUMERIC(12, 2) NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE reservation_items (
	order_id VARCHAR(36) NOT NULL REFERENCES reservations (order_id),
	product_id VARCHAR(36) NOT NULL REFERENCES products (id),
	quantity INTEGER NOT NULL,
	unit_price NUMERIC(12, 2) NOT NULL,
	PRIMARY KEY (order_id, product_id)
);
