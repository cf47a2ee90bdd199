-- Xung đột vượt mức: pushes of further distinct conflicting payloads for one (desk, seq), once the
-- portal keeps push::MAX_CONFLICT_PAYLOADS of them, are counted here, not stored.
CREATE TABLE conflict_overflow (
    desk_id TEXT NOT NULL REFERENCES desk (id),
    desk_seq INTEGER NOT NULL,
    payloads_dropped INTEGER NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (desk_id, desk_seq)
);
