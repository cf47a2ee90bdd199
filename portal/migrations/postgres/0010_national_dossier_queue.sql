-- Đồng bộ Cổng DVC quốc gia (DongBoHoSoMC): one row per dossier, the durable queue of the
-- outbound sync. `seen_at` is when its payload was last hashed (a dossier updated at or after it is hashed again);
-- `payload_hash` the payload to send, `sent_hash` the payload the national portal accepted
-- (equal: nothing to send). state: queued | sent | failed (last_error holds the national
-- portal's message; next_attempt_at the backoff).
CREATE TABLE national_dossier (
    dossier_id TEXT PRIMARY KEY REFERENCES dossier (id),
    unit_code TEXT NOT NULL,
    code TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    sent_hash TEXT,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    sent_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX national_dossier_due ON national_dossier (state, next_attempt_at);
CREATE INDEX national_dossier_code ON national_dossier (code);
