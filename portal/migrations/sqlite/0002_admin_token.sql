-- Khóa quản trị: bearer tokens of the admin API (the back office standing in, reports). Only the
-- SHA-256 of each token is kept; `motcua-portal admin token` makes one and prints it once.
CREATE TABLE admin_token (
    token_hash TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
