-- Forms an inspector would sign (issue 13).
--
-- Người ký văn bản của cơ quan có thẩm quyền: Mẫu 04 (Văn bản xin lỗi và đề nghị gia hạn) and
-- Mẫu 05 (Thông báo dừng giải quyết hồ sơ) are letters of the competent authority signed by its
-- head, not slips of the desk. One row per competent authority as the catalogue names it
-- (dossier.competent_authority); the row with authority '' is the unit's default.
CREATE TABLE authority_signer (
    authority     TEXT PRIMARY KEY,
    parent        TEXT NOT NULL,   -- cơ quan chủ quản of the issuer ('' = none printed)
    name          TEXT NOT NULL CHECK (name <> ''),  -- ỦY BAN NHÂN DÂN XÃ TÂN PHÚ
    symbol        TEXT NOT NULL,   -- ký hiệu after "Số: …/", e.g. UBND-VP
    signer_title  TEXT NOT NULL,   -- CHỦ TỊCH, KT. CHỦ TỊCH PHÓ CHỦ TỊCH, ...
    signer_name   TEXT NOT NULL,   -- '' = written by hand
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);

-- Quyết định của đơn vị về cờ "chỉ tiếp nhận trực tuyến" (Chỉ thị 24/CT-TTg) of a procedure,
-- over the catalogue's flag, which for hộ tịch rests on inferred evidence. Kept apart from the
-- catalogue versions so that a re-import does not silently undo it; every change is audited.
CREATE TABLE procedure_online_only (
    code         TEXT PRIMARY KEY,
    online_only  INTEGER NOT NULL CHECK (online_only IN (0, 1)),
    reason       TEXT NOT NULL CHECK (reason <> ''),
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL
);

-- Mã số thuế của đơn vị thu phí, lệ phí, printed on the fee receipt ('' = not printed).
ALTER TABLE unit ADD COLUMN tax_code TEXT NOT NULL DEFAULT '';
