-- Issue 7: clerk accounts (sign-in, roles, lockout) and the append-only, hash-chained audit log.
-- Append-only: never edit this file once landed.

-- Tài khoản cán bộ: a sign-in name, an argon2id PHC string (never the password), the count of
-- failed sign-ins in a row and, after 5 of them, the instant the lockout ends.
ALTER TABLE clerk ADD COLUMN username TEXT;
ALTER TABLE clerk ADD COLUMN password_hash TEXT;
ALTER TABLE clerk ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clerk ADD COLUMN locked_until TEXT;
CREATE UNIQUE INDEX clerk_username ON clerk (username);

-- A desk set up before accounts existed has one clerk (setting clerk_id) and no sign-in: that
-- clerk becomes the administrator `admin`, without a password. `motcua account passwd admin`
-- sets the first password (allowed without signing in only while no administrator has one).
UPDATE clerk SET username = 'admin', role = 'admin'
 WHERE id = (SELECT value FROM setting WHERE key = 'clerk_id') AND username IS NULL;

-- Minutes without any action after which the app locks itself (khóa màn hình).
INSERT OR IGNORE INTO setting (key, value) VALUES ('idle_lock_minutes', '10');

-- Nhật ký kiểm tra: one row per audited action, in order. `hash` is SHA-256 over the canonical
-- text of the row (seq, at, clerk_id, actor, action, subject, detail) and `prev_hash`, the hash of
-- the row before (64 zeros for the first). ID numbers and phones in `detail` are masked.
-- AUTOINCREMENT: SQLite keeps the highest seq ever issued in sqlite_sequence, so rows cut off
-- the end of the log (where no later row's prev_hash shows the gap) are found by verify too.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    clerk_id  TEXT,                 -- NULL for the portal or an unknown sign-in name
    actor     TEXT NOT NULL,        -- username, or 'portal' for back-office changes applied by sync
    action    TEXT NOT NULL,        -- e.g. dossier.create, dossier.view, form.print, auth.sign_in
    subject   TEXT NOT NULL DEFAULT '',  -- e.g. the dossier code or the account's username
    detail    TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
