-- Every intake outcome (accepted, incomplete → supplement request, refused, assisted online
-- submission), who the owner and submitter are, and fees with their yearly receipt numbers.
ALTER TABLE dossier ADD COLUMN outcome TEXT NOT NULL DEFAULT 'accepted'
    CHECK (outcome IN ('accepted', 'supplement', 'refused', 'assisted-online'));
-- Missing documents (Mẫu 02) or the refusal reason (Mẫu 03), as JSON.
ALTER TABLE dossier ADD COLUMN outcome_json TEXT;
-- Chủ hồ sơ: citizen | business | agency | organisation.
ALTER TABLE dossier ADD COLUMN owner_kind TEXT NOT NULL DEFAULT 'citizen';
ALTER TABLE dossier ADD COLUMN owner_id_number TEXT NOT NULL DEFAULT '';
-- Người nộp: the owner, a relative, or a proxy holding an authorisation (giấy ủy quyền).
ALTER TABLE dossier ADD COLUMN submitter_role TEXT NOT NULL DEFAULT 'owner';
ALTER TABLE dossier ADD COLUMN authorisation TEXT NOT NULL DEFAULT '';
-- none | collected | due-at-result | exempt
ALTER TABLE dossier ADD COLUMN fee_state TEXT NOT NULL DEFAULT 'none';
ALTER TABLE dossier ADD COLUMN fee_json TEXT;
CREATE INDEX dossier_owner_id_number ON dossier (owner_id_number);

-- Biên lai thu phí, lệ phí: numbered per series and year (≤ 8 digits, restarting on 1 January).
-- Paper receipts end 31/12/2026; offline the e-receipt stays "pending" until it can be issued.
CREATE TABLE fee_receipt (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id      TEXT NOT NULL UNIQUE REFERENCES dossier (id),
    series          TEXT NOT NULL,
    year            INTEGER NOT NULL,
    number          INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99999999),
    amount          INTEGER NOT NULL CHECK (amount >= 0),
    lines_json      TEXT NOT NULL,
    method          TEXT NOT NULL,
    payer_name      TEXT NOT NULL,
    collected_at    TEXT NOT NULL,
    collected_by    TEXT NOT NULL,
    e_receipt_state TEXT NOT NULL DEFAULT 'pending' CHECK (e_receipt_state IN ('pending', 'issued')),
    UNIQUE (series, year, number)
);
