-- Sổ đăng ký / tra cứu hồ sơ: searching every dossier by name, code, ID number or phone, and the
-- register's filters (due soon, overdue, waiting for a supplement, result ready, handed out).

-- Full-text index of the folded names (dossier.search_folded: no diacritics, đ→d, lower case), so
-- "dang" finds "Đặng". External content: the text is read from `dossier` itself, nothing is copied;
-- the FTS rowid is the dossier's rowid (a VACUUM may renumber those: rebuild the index after one,
-- `INSERT INTO dossier_fts (dossier_fts) VALUES ('rebuild')`, which `register::rebuild_index` does).
-- The prefix indexes make as-you-type word prefixes ("ngu", "nguye", "va") fast on a million rows:
-- a Vietnamese syllable has at most 7 letters, so prefixes up to 6 cover every unfinished word.
CREATE VIRTUAL TABLE dossier_fts USING fts5 (
    search_folded,
    content = 'dossier',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6'
);

-- Kept in sync with every insert, update of the folded text, and delete.
CREATE TRIGGER dossier_fts_insert AFTER INSERT ON dossier BEGIN
    INSERT INTO dossier_fts (rowid, search_folded) VALUES (new.rowid, new.search_folded);
END;

CREATE TRIGGER dossier_fts_update AFTER UPDATE OF search_folded ON dossier BEGIN
    INSERT INTO dossier_fts (dossier_fts, rowid, search_folded)
        VALUES ('delete', old.rowid, old.search_folded);
    INSERT INTO dossier_fts (rowid, search_folded) VALUES (new.rowid, new.search_folded);
END;

CREATE TRIGGER dossier_fts_delete AFTER DELETE ON dossier BEGIN
    INSERT INTO dossier_fts (dossier_fts, rowid, search_folded)
        VALUES ('delete', old.rowid, old.search_folded);
END;

-- The dossiers already there.
INSERT INTO dossier_fts (dossier_fts) VALUES ('rebuild');

-- Phone prefix search ("0912" finds 0912345678).
CREATE INDEX dossier_phone ON dossier (phone);
-- Status filters listed newest first, and the open dossiers by due time (overdue, due soon). The
-- folded names ride along so a name typed with a filter is tested from the index, and only the
-- dossiers shown are read from the table.
CREATE INDEX dossier_status_received ON dossier (status, received_at, search_folded);
CREATE INDEX dossier_status_due ON dossier (status, due_at, search_folded);
-- Sorting the whole register by due time, dossiers without an appointment last (the register's
-- ORDER BY, as an index on the same expressions).
CREATE INDEX dossier_due_order ON dossier (due_at IS NULL, due_at, code);
-- The end-of-day report: status changes of a day (results ready, handed out).
CREATE INDEX dossier_event_to_status_at ON dossier_event (to_status, at);
