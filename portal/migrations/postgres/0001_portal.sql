-- Cổng trung tâm, PostgreSQL (same shape as the SQLite schema; integers are BIGINT). Times are RFC 3339 UTC text; ids of desks and dossiers are uuids.

-- Đơn vị tiếp nhận: one one-stop-shop centre (its settings are printed on the desks' receipts).
CREATE TABLE unit (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_authority TEXT NOT NULL,
    place TEXT NOT NULL,
    hotline TEXT NOT NULL,
    lookup_url TEXT NOT NULL,
    -- How many desks may share the unit's daily dossier sequence (the stride of every share).
    desk_slots BIGINT NOT NULL CHECK (desk_slots > 0),
    created_at TEXT NOT NULL
);

-- Quầy: a desk of a unit. `slot` is its share of the daily sequence (seq_offset); a revoked desk
-- keeps its slot so the numbers it issued are never issued again.
CREATE TABLE desk (
    id TEXT PRIMARY KEY,
    unit_code TEXT NOT NULL REFERENCES unit (code),
    name TEXT NOT NULL,
    slot BIGINT NOT NULL,
    enroll_code_hash TEXT UNIQUE,
    enroll_expires_at TEXT,
    enrolled_at TEXT,
    token_hash TEXT UNIQUE,
    revoked_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (unit_code, slot)
);

-- Every change a desk pushed and the portal stored; (desk_id, desk_seq) is the idempotency key.
CREATE TABLE change (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    desk_id TEXT NOT NULL REFERENCES desk (id),
    desk_seq BIGINT NOT NULL,
    unit_code TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    op TEXT NOT NULL,
    payload TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    desk_time TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (desk_id, desk_seq)
);

-- Xung đột: the same (desk, seq) sent again with different content. Kept for a person to look at.
CREATE TABLE conflict (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    desk_id TEXT NOT NULL REFERENCES desk (id),
    desk_seq BIGINT NOT NULL,
    stored_hash TEXT NOT NULL,
    stored_payload TEXT NOT NULL,
    incoming_hash TEXT NOT NULL,
    incoming_payload TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    times_seen BIGINT NOT NULL DEFAULT 1,
    UNIQUE (desk_id, desk_seq, incoming_hash)
);

-- Hồ sơ as the portal knows it (projection of the desks' changes and the back office's moves).
CREATE TABLE dossier (
    id TEXT PRIMARY KEY,
    unit_code TEXT NOT NULL REFERENCES unit (code),
    code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    submitter_name TEXT NOT NULL,
    status TEXT NOT NULL,
    national_status BIGINT NOT NULL,
    received_at TEXT NOT NULL,
    due_at TEXT,
    paused_at TEXT,
    status_before_pause TEXT,
    desk_id TEXT NOT NULL REFERENCES desk (id),
    -- The desk's `create` payload as sent (owner, documents, fees, ... for the national export).
    created_payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (unit_code, code)
);

-- Quá trình xử lý: processing steps, from the desks and from the back office.
CREATE TABLE processing_step (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id TEXT NOT NULL REFERENCES dossier (id),
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    national_status BIGINT,
    note TEXT NOT NULL,
    by_name TEXT NOT NULL,
    -- When it happened by the clock of whoever did it; `recorded_at` is the portal's clock.
    event_at TEXT,
    recorded_at TEXT NOT NULL,
    change_id BIGINT REFERENCES change (id)
);
CREATE INDEX processing_step_dossier ON processing_step (dossier_id, id);

-- Danh mục TTHC per unit, as imported (motcua-catalogue/1 text).
CREATE TABLE catalogue (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_code TEXT NOT NULL REFERENCES unit (code),
    version TEXT NOT NULL,
    procedures BIGINT NOT NULL,
    document TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

-- Lịch nghỉ: one official schedule per year (motcua-holidays/1 text), for every unit.
CREATE TABLE holiday_schedule (
    year BIGINT PRIMARY KEY,
    document TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

-- What desks pull: portal-assigned monotonic cursor; unit_code NULL = for every unit.
CREATE TABLE feed (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_code TEXT,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX feed_unit ON feed (unit_code, id);
