-- Desk database, first version. Append-only: never edit this file once landed; add 0002_... instead.
-- Times are UTC instants as RFC 3339 text ("2026-02-05T02:32:00Z"), shown in Vietnam time.
-- Money is integer đồng.

-- Đơn vị tiếp nhận: the receiving unit this desk belongs to (one row).
CREATE TABLE unit (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    code               TEXT NOT NULL,           -- mã đơn vị, e.g. 000.00.31.H29
    name               TEXT NOT NULL,           -- TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ ...
    parent_authority   TEXT NOT NULL,           -- ỦY BAN NHÂN DÂN XÃ ...
    place              TEXT NOT NULL,           -- địa danh on the receipt date line
    lookup_url         TEXT NOT NULL,           -- citizen lookup URL printed + encoded in the QR
    hotline            TEXT NOT NULL,
    working_hours_json TEXT NOT NULL,
    created_at         TEXT NOT NULL
);

-- Quầy: this desk. Its share of the unit's daily dossier sequence is
-- seq_offset + 1, seq_offset + 1 + seq_stride, ... (a desk alone has offset 0, stride 1).
CREATE TABLE desk (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    seq_offset INTEGER NOT NULL DEFAULT 0 CHECK (seq_offset >= 0),
    seq_stride INTEGER NOT NULL DEFAULT 1 CHECK (seq_stride >= 1 AND seq_offset < seq_stride),
    created_at TEXT NOT NULL
);

-- Cán bộ tiếp nhận.
CREATE TABLE clerk (
    id         TEXT PRIMARY KEY,
    full_name  TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT 'clerk' CHECK (role IN ('clerk', 'supervisor', 'admin')),
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Danh mục thủ tục hành chính: each import is a version; dossiers keep the version they were received under.
CREATE TABLE catalogue_version (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    version        TEXT NOT NULL,
    effective_from TEXT,
    note           TEXT NOT NULL DEFAULT '',
    content_hash   TEXT NOT NULL,
    imported_at    TEXT NOT NULL
);

CREATE TABLE procedure (
    catalogue_version_id INTEGER NOT NULL REFERENCES catalogue_version (id),
    code                 TEXT NOT NULL,         -- mã TTHC, e.g. 2.000815
    name                 TEXT NOT NULL,
    field                TEXT NOT NULL,         -- lĩnh vực
    search_text          TEXT NOT NULL,         -- folded (no diacritics, đ→d) code + name + field
    online_only          INTEGER NOT NULL,
    data_json            TEXT NOT NULL,         -- the whole record as imported
    PRIMARY KEY (catalogue_version_id, code)
);

-- Lịch nghỉ: a year's official schedule overriding the computed default.
CREATE TABLE holiday_schedule (
    year          INTEGER PRIMARY KEY,
    schedule_json TEXT NOT NULL,
    source        TEXT NOT NULL,
    imported_at   TEXT NOT NULL
);

-- Số thứ tự hồ sơ trong ngày của đơn vị, per desk share.
CREATE TABLE daily_sequence (
    day      TEXT PRIMARY KEY,                  -- YYMMDD, Vietnam date
    last_seq INTEGER NOT NULL
);

-- Sổ theo dõi hồ sơ: yearly running number (Quyển số = year).
CREATE TABLE ledger_sequence (
    book     TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL
);

-- Hồ sơ.
CREATE TABLE dossier (
    id                    TEXT PRIMARY KEY,     -- uuid v7 made on the desk
    code                  TEXT NOT NULL UNIQUE, -- mã hồ sơ <unit>-YYMMDD-NNNN
    procedure_code        TEXT NOT NULL,
    catalogue_version_id  INTEGER NOT NULL REFERENCES catalogue_version (id),
    procedure_name        TEXT NOT NULL,
    receiving_unit_code   TEXT NOT NULL,
    competent_authority   TEXT NOT NULL,
    channel               TEXT NOT NULL,        -- direct | online | post
    submitter_json        TEXT NOT NULL,        -- người nộp
    owner_json            TEXT,                 -- chủ hồ sơ when different
    submitter_name        TEXT NOT NULL,
    search_folded         TEXT NOT NULL,        -- folded code + names for diacritic-insensitive search
    id_number             TEXT NOT NULL,
    phone                 TEXT NOT NULL,
    sets_count            INTEGER NOT NULL CHECK (sets_count >= 1),
    delivery              TEXT NOT NULL,        -- counter | post | online
    received_at           TEXT NOT NULL,
    due_at                TEXT,                 -- NULL: no fixed appointment
    due_rule              TEXT NOT NULL,
    due_explanation       TEXT NOT NULL,
    status                TEXT NOT NULL,        -- local status
    national_status       INTEGER NOT NULL CHECK (national_status BETWEEN 1 AND 10),
    fee_amount            INTEGER NOT NULL DEFAULT 0,
    fee_text              TEXT NOT NULL,
    ledger_book           TEXT NOT NULL,
    ledger_number         INTEGER NOT NULL,
    desk_id               TEXT NOT NULL REFERENCES desk (id),
    created_by            TEXT NOT NULL REFERENCES clerk (id),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX dossier_received_at ON dossier (received_at);
CREATE INDEX dossier_id_number ON dossier (id_number);

-- Thành phần hồ sơ đã nhận.
CREATE TABLE dossier_document (
    dossier_id TEXT NOT NULL REFERENCES dossier (id),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    original   INTEGER NOT NULL CHECK (original >= 0),
    certified  INTEGER NOT NULL CHECK (certified >= 0),
    photocopy  INTEGER NOT NULL CHECK (photocopy >= 0),
    PRIMARY KEY (dossier_id, position)
);

-- Lịch sử xử lý: append-only.
CREATE TABLE dossier_event (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id  TEXT NOT NULL REFERENCES dossier (id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_event_dossier ON dossier_event (dossier_id);

-- Hàng đợi đồng bộ: one row per change, written in the same transaction as the change.
-- Nothing is synced until the portal acknowledged it (acked_at).
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    op           TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    sent_at      TEXT,
    acked_at     TEXT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    quarantined  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox (acked_at, quarantined);

-- Nhật ký in / lưu biên nhận (reprints are logged).
CREATE TABLE print_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id TEXT NOT NULL REFERENCES dossier (id),
    form       TEXT NOT NULL,
    kind       TEXT NOT NULL,                   -- print | reprint | save
    target     TEXT NOT NULL,                   -- printer name or file path
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL
);
