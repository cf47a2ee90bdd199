-- Đồng bộ với cổng trung tâm: the desk's side of the sync. Append-only.

-- One row once the desk is enrolled with a portal. The credential (bearer token) is NOT here:
-- it lives in the OS keyring or a file only the user can read (see src/sync/credential.rs).
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    portal_url      TEXT NOT NULL,
    portal_desk_id  TEXT NOT NULL,              -- the desk's id at the portal
    pull_cursor     INTEGER NOT NULL DEFAULT 0, -- portal-assigned; changes after it are not applied yet
    enrolled_at     TEXT NOT NULL,
    last_attempt_at TEXT,
    last_success_at TEXT,                       -- last time push AND pull both completed
    last_error_kind TEXT,                       -- retryable | auth | rejected | NULL when the last run succeeded
    last_error      TEXT,                       -- in plain words, for the status bar
    clock_offset_ms INTEGER                     -- portal clock minus desk clock, from the Date header
);

-- Xung đột / bị từ chối: outbox rows the portal would not take, kept for a person to look at.
-- The row itself stays in the outbox (quarantined = 1); nothing is ever deleted.
CREATE TABLE sync_problem (
    seq         INTEGER PRIMARY KEY REFERENCES outbox (seq),
    kind        TEXT NOT NULL CHECK (kind IN ('conflict', 'rejected')),
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL
);

-- Pulled changes applied, by portal cursor: makes re-applying a page after a crash a no-op.
CREATE TABLE pulled_change (
    cursor     INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''  -- why a change was not applied (e.g. an invalid catalogue), else ''
);
