-- Mã tra cứu: an unguessable token per dossier (128 random bits as 32 hex digits), made at intake,
-- printed in the receipt's QR code and lookup URL (`/tra-cuu?ma=CODE&t=TOKEN`) and sent to the
-- portal with the dossier's `create` change. The portal shows a dossier's details only to whoever
-- has the token; the bare code shows only that the dossier exists and its status (issue 14,
-- point 14). Dossiers received before this migration have none.
ALTER TABLE dossier ADD COLUMN lookup_token TEXT;
