//! Chuẩn bị dữ liệu chung: every field is cleaned (NFC) and checked against
//! the font once, before any drawing; the header fields of every form.

use chrono::NaiveDate;

use crate::date_format::format_date_vn;
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::layout::OfficialHeader;
use crate::naming::unit_name_in_sentence;
use crate::text::clean;

/// Cleans a field and checks that the font can print it.
pub(crate) fn field(book: &FontBook, value: &str) -> Result<String, DocumentError> {
    let cleaned = clean(value);
    book.check_printable(&cleaned)?;
    Ok(cleaned)
}

/// "Tân Phú, ngày 05 tháng 02 năm 2026"; "Ngày 05 tháng 02 năm 2026" without a place.
pub(crate) fn place_date(place: &str, date: NaiveDate) -> String {
    let date = format_date_vn(date);
    if place.is_empty() {
        let mut chars = date.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        format!("{place}, {date}")
    }
}

/// "Ông/Bà" when the honorific is not given.
pub(crate) fn honorific_or_default(honorific: String) -> String {
    if honorific.is_empty() {
        "Ông/Bà".to_owned()
    } else {
        honorific
    }
}

/// Phần đầu đã chuẩn hoá: issuing unit and place/date of a form.
pub(crate) struct Head {
    pub parent_authority: String,
    pub unit_name: String,
    /// The unit as written inside a sentence ("Trung tâm Phục vụ ... xã Tân Phú").
    pub unit_in_sentence: String,
    /// "Tân Phú, ngày 05 tháng 02 năm 2026".
    pub place_date: String,
}

impl Head {
    pub(crate) fn new(
        book: &FontBook,
        parent_authority: &str,
        unit_name: &str,
        place: &str,
        issued_on: NaiveDate,
    ) -> Result<Self, DocumentError> {
        let unit_name = field(book, unit_name)?;
        Ok(Head {
            parent_authority: field(book, parent_authority)?,
            unit_in_sentence: unit_name_in_sentence(&unit_name),
            unit_name,
            place_date: place_date(&field(book, place)?, issued_on),
        })
    }

    /// Phần đầu văn bản theo NĐ 30/2020.
    pub(crate) fn official(&self) -> OfficialHeader<'_> {
        OfficialHeader {
            parent_authority: &self.parent_authority,
            unit_name: &self.unit_name,
            place_date: &self.place_date,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::place_date;

    #[test]
    fn place_and_date() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).expect("valid date");
        assert_eq!(
            place_date("Tân Phú", d),
            "Tân Phú, ngày 05 tháng 3 năm 2026"
        );
        assert_eq!(place_date("", d), "Ngày 05 tháng 3 năm 2026");
    }
}
