-- Đính chính: a typo in a received dossier's submitter or owner details corrected at the desk.
-- One row per corrected detail, with the value before and after, the reason, who and when (the
-- hash-chained audit log has the same, with ID numbers and phones masked). The procedure, the
-- code and the received time are never corrected.
CREATE TABLE dossier_correction (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id TEXT NOT NULL REFERENCES dossier (id),
    party      TEXT NOT NULL CHECK (party IN ('submitter', 'owner')),
    field      TEXT NOT NULL CHECK (field IN ('full_name', 'id_number', 'phone', 'email', 'address')),
    old_value  TEXT NOT NULL,
    new_value  TEXT NOT NULL,
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL
);
CREATE INDEX dossier_correction_dossier ON dossier_correction (dossier_id, id);
