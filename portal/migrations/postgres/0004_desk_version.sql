-- Phiên bản quầy: the desk app's version from the `x-motcua-desk-version` header of its last
-- authenticated request, and when that was (`motcua-portal desk list`).
ALTER TABLE desk ADD COLUMN app_version TEXT;
ALTER TABLE desk ADD COLUMN last_seen_at TEXT;
