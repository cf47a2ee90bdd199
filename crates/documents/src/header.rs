//! The header every letter-type form shares: the issuing body's two-line name at the top left
//! (cơ quan chủ quản; đơn vị) and "Địa danh, ngày … tháng … năm …" at the top right.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Cơ quan chủ quản, đơn vị, địa danh and the date a form is issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormHeader {
    /// Cơ quan chủ quản, e.g. "UBND TỈNH ĐỒNG NAI".
    pub parent_authority: String,
    /// Tên đơn vị, e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".
    pub unit_name: String,
    /// Địa danh ghi trước ngày tháng.
    pub place: String,
    /// Ngày lập văn bản.
    pub issued_on: NaiveDate,
}
