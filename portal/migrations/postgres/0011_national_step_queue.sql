-- Tiến độ xử lý gửi Cổng DVC quốc gia (CapNhatTienDoHoSoMC): one row per processing step, sent
-- in order, in batches, after its dossier exists there. A step is marked sent in the same
-- transaction for its whole batch once the national portal accepted the batch.
CREATE TABLE national_step (
    step_id BIGINT PRIMARY KEY REFERENCES processing_step (id),
    dossier_id TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    sent_at TEXT
);
CREATE INDEX national_step_dossier ON national_step (dossier_id, state);
