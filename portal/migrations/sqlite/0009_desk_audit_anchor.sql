-- Mốc nhật ký của quầy (issue 14, point 5): the highest audit-chain head each desk has sent with
-- a push (seq, hash), returned in every push acknowledgement so that a desk whose database was
-- put back to an earlier state finds out; and the head it sent last, which is lower after such a
-- rollback.
CREATE TABLE desk_audit_anchor (
    desk_id TEXT PRIMARY KEY REFERENCES desk (id),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    last_hash TEXT NOT NULL,
    last_at TEXT NOT NULL
);
