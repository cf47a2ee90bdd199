//! Chuẩn bị dữ liệu: clean (NFC), validate and pre-format every field once,
//! before any drawing.

use crate::compose::prepare::honorific_or_default;
use crate::compose::{Head, field};
use crate::date_format::{format_short_date_vn, format_time_date_vn};
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::layout::{Code39, QrMatrix};

use super::ReceiptData;

/// Một dòng thành phần hồ sơ đã chuẩn hoá.
pub(super) struct DocRow {
    pub name: String,
    pub original: u32,
    pub certified: u32,
    pub photocopy: u32,
}

/// Dữ liệu đã sẵn sàng để dàn trang.
pub(super) struct Form {
    pub head: Head,
    pub code: String,
    pub barcode: Code39,
    pub honorific: String,
    pub full_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub id_number: String,
    pub owner_name: Option<String>,
    pub owner_identifier: String,
    pub submitter_capacity: String,
    pub authorisation: String,
    pub procedure_name: String,
    pub documents: Vec<DocRow>,
    pub sets_count: u32,
    pub duration_text: String,
    pub received_at: String,
    pub due_at: String,
    pub delivery_text: String,
    pub fee_text: String,
    pub ledger_book: String,
    pub ledger_number: u32,
    pub lookup_url: String,
    pub qr: Option<QrMatrix>,
    pub hotline: String,
    pub clerk_name: String,
    /// "BẢN ĐÍNH CHÍNH ngày 09/12/2026" on a receipt reprinted after a correction.
    pub corrected_mark: Option<String>,
}

/// "Tại Bộ phận Một cửa" after the label "Đăng ký nhận kết quả tại:" would
/// read "tại: Tại ...": drop the leading preposition.
fn delivery_place(text: &str) -> String {
    let lower = text.to_lowercase();
    match lower.strip_prefix("tại ") {
        Some(_) => text.chars().skip(4).collect(),
        None => text.to_owned(),
    }
}

/// The fee line of the receipt, always with its label (TT 01/2018 Mẫu 01 and the receipts real
/// systems print: "Phí, lệ phí: …").
fn fee_line(text: &str) -> String {
    let lower = text.to_lowercase();
    if text.is_empty() || lower.starts_with("phí") || lower.starts_with("lệ phí") {
        text.to_owned()
    } else {
        format!("Phí, lệ phí: {text}")
    }
}

impl Form {
    pub fn new(data: &ReceiptData, book: &FontBook) -> Result<Self, DocumentError> {
        let f = |v: &str| field(book, v);
        let code = f(&data.code)?;
        let barcode = Code39::encode(&code)?;
        let head = Head::new(
            book,
            &data.parent_authority,
            &data.unit_name,
            &data.place,
            data.issued_on,
        )?;
        let honorific = honorific_or_default(f(&data.submitter.honorific)?);
        let full_name = f(&data.submitter.full_name)?;
        let owner_name = match &data.owner_name {
            Some(owner) => {
                let owner = f(owner)?;
                let same = owner.to_lowercase() == full_name.to_lowercase();
                (!owner.is_empty() && !same).then_some(owner)
            }
            None => None,
        };
        let documents = data
            .documents
            .iter()
            .map(|d| {
                Ok(DocRow {
                    name: f(&d.name)?,
                    original: d.original,
                    certified: d.certified,
                    photocopy: d.photocopy,
                })
            })
            .collect::<Result<Vec<_>, DocumentError>>()?;
        let lookup_url = f(&data.lookup_url)?;
        let qr = if lookup_url.is_empty() {
            None
        } else {
            Some(QrMatrix::encode(&lookup_url)?)
        };
        Ok(Form {
            head,
            code,
            barcode,
            honorific,
            full_name,
            address: f(&data.submitter.address)?,
            phone: f(&data.submitter.phone)?,
            email: f(&data.submitter.email)?,
            id_number: f(&data.submitter.id_number)?,
            owner_name,
            owner_identifier: f(&data.owner_identifier)?,
            submitter_capacity: f(&data.submitter_capacity)?,
            authorisation: f(&data.authorisation)?,
            procedure_name: f(&data.procedure_name)?,
            documents,
            sets_count: data.sets_count,
            duration_text: f(&data.duration_text)?,
            received_at: format_time_date_vn(data.received_at),
            due_at: data
                .due_at
                .map_or_else(|| "Không hẹn ngày trả".to_owned(), format_time_date_vn),
            delivery_text: delivery_place(&f(&data.delivery_text)?),
            fee_text: fee_line(&f(&data.fee_text)?),
            ledger_book: f(&data.ledger_book)?,
            ledger_number: data.ledger_number,
            lookup_url,
            qr,
            hotline: f(&data.hotline)?,
            clerk_name: f(&data.clerk_name)?,
            corrected_mark: data
                .corrected_on
                .map(|d| format!("BẢN ĐÍNH CHÍNH ngày {}", format_short_date_vn(d))),
        })
    }
}
