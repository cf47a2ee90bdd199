-- Mã tra cứu: the SHA-256 (hex) of the dossier's lookup token, sent by the desk in the `create`
-- change (`lookup_token`) and printed only on the citizen's receipt. The public lookup page shows
-- the dossier's details only when `t` hashes to this; the bare code shows only that the dossier
-- exists and its status. NULL for dossiers created before tokens (status only).
ALTER TABLE dossier ADD COLUMN lookup_token_hash TEXT;
