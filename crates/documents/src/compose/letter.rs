//! Phiếu một liên của bộ phận một cửa (Mẫu 02, 03 and the later notices):
//! official header, title with the dossier code and its barcode, the intake
//! paragraph, the form's own body, the hotline and one signature on the right.

use chrono::{NaiveDate, NaiveDateTime};

use crate::date_format::format_time_date_vn;
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::layout::{Code39, Flow, Span, draw_official_header};

use super::blocks::{Heading, Signer, draw_heading, labelled, para, signatures};
use super::copies::{Copy, render_copies};
use super::prepare::{Head, field};
use super::scale::Scale;
use super::sentences::{Submitter, hotline, received_from, requested_procedure};

/// Trường chung của các phiếu, as given by the caller.
pub(crate) struct NoticeFields<'a> {
    pub parent_authority: &'a str,
    pub unit_name: &'a str,
    pub place: &'a str,
    pub issued_on: NaiveDate,
    pub submitter_name: &'a str,
    pub procedure_name: &'a str,
    pub received_at: NaiveDateTime,
    pub clerk_name: &'a str,
    pub hotline: &'a str,
}

/// What every notice carries besides its own body: the issuing unit, the
/// dossier it is about, the clerk who signs and the hotline (cleaned and
/// checked against the font).
pub(crate) struct Notice {
    pub head: Head,
    pub submitter_name: String,
    pub procedure_name: String,
    /// "09 giờ 32 phút, ngày 27/10/2023".
    pub received_at: String,
    pub clerk_name: String,
    pub hotline: String,
}

impl Notice {
    pub(crate) fn new(book: &FontBook, f: &NoticeFields<'_>) -> Result<Self, DocumentError> {
        Ok(Notice {
            head: Head::new(book, f.parent_authority, f.unit_name, f.place, f.issued_on)?,
            submitter_name: field(book, f.submitter_name)?,
            procedure_name: field(book, f.procedure_name)?,
            received_at: format_time_date_vn(f.received_at),
            clerk_name: field(book, f.clerk_name)?,
            hotline: field(book, f.hotline)?,
        })
    }
}

/// [`Notice::new`] from a data struct that uses the usual field names
/// (`header` ([`crate::FormHeader`]), `submitter_name`,
/// `procedure_name`, `received_at`, `clerk_name`, `hotline`).
macro_rules! notice_of {
    ($book:expr, $data:expr) => {
        $crate::compose::letter::Notice::new(
            $book,
            &$crate::compose::letter::NoticeFields {
                parent_authority: &$data.header.parent_authority,
                unit_name: &$data.header.unit_name,
                place: &$data.header.place,
                issued_on: $data.header.issued_on,
                submitter_name: &$data.submitter_name,
                procedure_name: &$data.procedure_name,
                received_at: $data.received_at,
                clerk_name: &$data.clerk_name,
                hotline: &$data.hotline,
            },
        )
    };
}
pub(crate) use notice_of;

/// Địa chỉ, số điện thoại, thư điện tử của người nộp (cleaned; empty = dots to fill in).
#[derive(Debug, Clone, Default)]
pub(crate) struct Contact {
    pub address: String,
    pub phone: String,
    pub email: String,
}

impl Contact {
    pub(crate) fn new(
        book: &FontBook,
        address: &str,
        phone: &str,
        email: &str,
    ) -> Result<Self, DocumentError> {
        Ok(Contact {
            address: field(book, address)?,
            phone: field(book, phone)?,
            email: field(book, email)?,
        })
    }
}

/// Một phiếu một liên.
pub(crate) struct Letter<'a> {
    pub notice: &'a Notice,
    pub title: &'a str,
    /// Mã hồ sơ and its Code 39, printed under the title.
    pub code: Option<(&'a str, &'a Code39)>,
    /// The applicant's address, phone and email lines under their name (Mẫu 02, 03).
    pub contact: Option<&'a Contact>,
    /// Chức danh người ký (on the right, above the clerk's name).
    pub signer_title: &'a str,
}

/// "Địa chỉ: …", "Số điện thoại: …", "Email: …" (dots when not known), as on Mẫu 01.
pub(crate) fn contact_lines(flow: &mut Flow, s: Scale, contact: &Contact) {
    let fonts = flow.fonts().clone();
    let width = flow.spec().content_width();
    para(
        flow,
        s,
        &labelled(&fonts, s, "Địa chỉ", &contact.address, width),
    );
    para(
        flow,
        s,
        &labelled(&fonts, s, "Số điện thoại", &contact.phone, width),
    );
    para(
        flow,
        s,
        &labelled(&fonts, s, "Email", &contact.email, width),
    );
}

/// "<đơn vị> tiếp nhận hồ sơ của Ông/Bà <tên>", the procedure and the time
/// the dossier was received.
pub(crate) fn intake_paragraphs(
    flow: &mut Flow,
    s: Scale,
    notice: &Notice,
    contact: Option<&Contact>,
) {
    let fonts = flow.fonts().clone();
    let width = flow.spec().content_width();
    let submitter = Submitter {
        honorific: "Ông/Bà",
        name: &notice.submitter_name,
    };
    let intro = received_from(
        &fonts,
        s,
        &notice.head.unit_in_sentence,
        " ",
        &submitter,
        width,
    );
    para(flow, s, &intro);
    if let Some(contact) = contact {
        contact_lines(flow, s, contact);
    }
    para(flow, s, &requested_procedure(s, &notice.procedure_name));
    para(
        flow,
        s,
        &[Span::new(
            format!("Thời gian nhận hồ sơ: {}", notice.received_at),
            s.regular(),
        )],
    );
}

/// The hotline, then the closing sentence ending in "./." (nothing of the text follows it).
pub(crate) fn hotline_then_closing(flow: &mut Flow, s: Scale, number: &str, closing: &[Span]) {
    if !number.is_empty() {
        flow.advance(s.mm(0.8));
        para(flow, s, &hotline(s, number));
    }
    if !closing.is_empty() {
        flow.advance(s.mm(0.8));
        para(flow, s, closing);
    }
}

/// Dựng phiếu; `body` writes what comes between the intake paragraph and the
/// hotline, `closing` the closing sentence ending in "./." after the hotline
/// (NĐ 30/2020/NĐ-CP, Phụ lục I: "./." ends the text, nothing follows it); each
/// may be called once per body size tried.
pub(crate) fn render_letter<F, C>(
    letter: &Letter<'_>,
    pdf_title: &str,
    body: F,
    closing: C,
) -> Result<Vec<u8>, DocumentError>
where
    F: Fn(&mut Flow, Scale),
    C: Fn(Scale) -> Vec<Span>,
{
    let reference = letter.code.map(|(code, _)| format!("Mã hồ sơ: {code}"));
    let copies = [Copy::new(None, reference.as_deref(), letter.title)];
    render_copies(pdf_title, &copies, |flow, s, _| {
        let notice = letter.notice;
        draw_official_header(flow, &notice.head.official(), s.body)?;
        let heading = Heading {
            title: letter.title,
            code: letter.code.map(|(code, _)| code),
            label: None,
            barcode: letter.code.map(|(_, barcode)| barcode),
        };
        draw_heading(flow, s, &heading);
        intake_paragraphs(flow, s, notice, letter.contact);
        body(flow, s);
        hotline_then_closing(flow, s, &notice.hotline, &closing(s));
        flow.advance(s.mm(3.0));
        let signer = Signer {
            title: letter.signer_title,
            name: &notice.clerk_name,
        };
        signatures(flow, s, &[None, Some(signer)]);
        Ok(())
    })
}
