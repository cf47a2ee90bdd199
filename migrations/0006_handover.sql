-- After intake: what the desk records when a dossier's appointment is extended (Mẫu 04, Văn bản
-- xin lỗi và đề nghị gia hạn thời gian giải quyết), when it stops early (Mẫu 05, Thông báo dừng
-- giải quyết hồ sơ: withdrawn at the citizen's request, national 7, or stopped, 8) and when the
-- result is handed out (national 10: who received it, their ID, owner or proxy with the
-- authorisation, when, which clerk). Each form is printed from these rows.

-- Gia hạn: every extension, oldest first; the apology prints the latest.
CREATE TABLE dossier_extension (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id  TEXT NOT NULL REFERENCES dossier (id),
    old_due_at  TEXT NOT NULL,
    new_due_at  TEXT NOT NULL CHECK (new_due_at > old_due_at),
    reason      TEXT NOT NULL CHECK (reason <> ''),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL
);
CREATE INDEX dossier_extension_dossier ON dossier_extension (dossier_id);

-- Dừng giải quyết: at most one per dossier (both statuses are final).
CREATE TABLE dossier_stop (
    dossier_id  TEXT PRIMARY KEY REFERENCES dossier (id),
    cause       TEXT NOT NULL CHECK (cause IN ('withdrawn', 'stopped')),
    reason      TEXT NOT NULL CHECK (reason <> ''),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL
);

-- Trả kết quả: at most one per dossier (handed-out is final).
CREATE TABLE dossier_handover (
    dossier_id          TEXT PRIMARY KEY REFERENCES dossier (id),
    recipient_name      TEXT NOT NULL CHECK (recipient_name <> ''),
    recipient_id_number TEXT NOT NULL CHECK (recipient_id_number <> ''),
    is_proxy            INTEGER NOT NULL CHECK (is_proxy IN (0, 1)),
    -- Giấy ủy quyền of a proxy; '' for the owner.
    authorisation       TEXT NOT NULL DEFAULT '' CHECK (is_proxy = 0 OR authorisation <> ''),
    handed_out_at       TEXT NOT NULL,
    clerk               TEXT NOT NULL
);
