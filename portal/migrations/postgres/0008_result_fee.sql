-- Phí thu khi trả kết quả: how a fee due at result was settled when the desk handed the result
-- out (the `fee` of the hand-out status move): `collected` (with the fee receipt's series/number
-- and the amount in integer đồng), `exempt`, or `due-at-result` (handed out unpaid, with the
-- desk's audited reason). NULL when the hand-out settled no fee. Shown in the admin dossier list.
ALTER TABLE dossier ADD COLUMN result_fee_state TEXT;
ALTER TABLE dossier ADD COLUMN result_fee_amount BIGINT;
ALTER TABLE dossier ADD COLUMN result_fee_receipt TEXT;
ALTER TABLE dossier ADD COLUMN result_fee_note TEXT;
