-- Changes of a dossier's appointment after intake: manual overrides (with a reason) and
-- supplement pauses (chờ bổ sung: the clock stops, and moves by the pause on resumption).
-- Both the old and the new due time are kept.
CREATE TABLE dossier_due_change (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id  TEXT NOT NULL REFERENCES dossier (id),
    kind        TEXT NOT NULL CHECK (kind IN ('override', 'pause', 'resume')),
    old_due_at  TEXT,
    new_due_at  TEXT,
    paused_at   TEXT,
    resumed_at  TEXT,
    reason      TEXT NOT NULL DEFAULT '',
    explanation TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL
);
CREATE INDEX dossier_due_change_dossier ON dossier_due_change (dossier_id);

-- Set while the dossier waits for a supplement; NULL otherwise.
ALTER TABLE dossier ADD COLUMN paused_at TEXT;
-- The status to return to when the supplement arrives.
ALTER TABLE dossier ADD COLUMN status_before_pause TEXT;
