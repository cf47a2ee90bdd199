//! Văn bản của cơ quan có thẩm quyền (Mẫu 04, Mẫu 05 of TT 03/2025/TT-VPCP, Phụ lục I; Mẫu 04
//! of TT 01/2018/TT-VPCP): not a slip of the reception desk but a letter of the authority that
//! settles the dossier, laid out as NĐ 30/2020/NĐ-CP (Phụ lục I) lays out a letter:
//! the issuing authority and "Số: …/…" on the left, the national name and the place and date on
//! the right, the title, "Kính gửi: …", the body ending in "./.", then "Nơi nhận:" on the left
//! and the signature of the head of the authority on the right ("(Ký, ghi rõ họ tên và đóng
//! dấu)").
//!
//! The number is left as dots for the authority's văn thư to fill in: NĐ 30/2020 Điều 15 has
//! the văn thư number the documents of the authority in one register per year, which a desk
//! cannot do. The symbol after the slash is a setting of the authority.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::layout::{Align, Area, Code39, Flow, Span, Style, draw_official_header_numbered};
use crate::naming::unit_name_in_sentence;

use super::blocks::{Heading, Signer, centred, draw_heading, signatures_with_hint};
use super::copies::{Copy, render_copies};
use super::letter::{Notice, hotline_then_closing, intake_paragraphs};
use super::prepare::{Head, field};
use super::scale::Scale;

/// Hướng dẫn dưới chức danh người ký văn bản của cơ quan.
pub const AUTHORITY_SIGN_HINT: &str = "(Ký, ghi rõ họ tên và đóng dấu)";

/// Cơ quan có thẩm quyền ban hành văn bản (Mẫu 04, Mẫu 05) và người đứng đầu ký.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthoritySigner {
    /// Cơ quan chủ quản của cơ quan ban hành, e.g. "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI" (rỗng = không in).
    pub parent: String,
    /// Tên cơ quan ban hành, e.g. "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ".
    pub name: String,
    /// Ký hiệu văn bản after "Số: …/", e.g. "UBND-VP" (rỗng = dòng chấm).
    pub symbol: String,
    /// Quyền hạn, chức vụ của người ký, e.g. "CHỦ TỊCH" or "KT. CHỦ TỊCH PHÓ CHỦ TỊCH".
    pub signer_title: String,
    /// Họ tên người ký (rỗng = viết tay).
    pub signer_name: String,
}

/// The cleaned authority of a letter.
pub(crate) struct Authority {
    pub head: Head,
    /// "Số: …………/UBND-VP".
    pub number: String,
    /// The authority as written in a sentence ("Ủy ban nhân dân xã Tân Phú").
    pub in_sentence: String,
    pub signer_title: String,
    pub signer_name: String,
}

impl Authority {
    pub(crate) fn new(
        book: &FontBook,
        a: &AuthoritySigner,
        place: &str,
        issued_on: NaiveDate,
    ) -> Result<Self, DocumentError> {
        let name = field(book, &a.name)?;
        if name.is_empty() {
            return Err(DocumentError::Invalid {
                field: "authority",
                reason: "a letter of the competent authority must name the authority".into(),
            });
        }
        let symbol = field(book, &a.symbol)?;
        let title = field(book, &a.signer_title)?;
        Ok(Authority {
            head: Head::new(book, &a.parent, &name, place, issued_on)?,
            number: format!(
                "Số: ............/{}",
                if symbol.is_empty() {
                    "......"
                } else {
                    symbol.as_str()
                }
            ),
            in_sentence: unit_name_in_sentence(&name),
            signer_title: if title.is_empty() {
                "THỦ TRƯỞNG CƠ QUAN".to_owned()
            } else {
                title
            },
            signer_name: field(book, &a.signer_name)?,
        })
    }
}

/// One letter of the authority.
pub(crate) struct AuthorityLetter<'a> {
    pub authority: &'a Authority,
    /// The dossier as the desk received it (the receiving unit speaks in the intake sentence).
    pub notice: &'a Notice,
    pub title: &'a str,
    pub code: &'a str,
    pub barcode: &'a Code39,
}

/// "Nơi nhận:" on the left, the head of the authority on the right.
fn recipients_and_signature(flow: &mut Flow, s: Scale, letter: &AuthorityLetter<'_>) {
    let spec = flow.spec();
    let col_w = spec.content_width() / 2.0;
    let label = Style::bold(s.small()).with_size(s.small());
    let line = Style::regular(s.small() - 0.5);
    let lines: [(&str, Style); 3] = [
        ("Nơi nhận:", label),
        ("- Như trên;", line),
        ("- Lưu: VT, hồ sơ.", line),
    ];
    let leading = 1.2;
    let left_h: f32 = lines.iter().map(|(_, st)| st.line_height(leading)).sum();
    let signer = Signer {
        title: &letter.authority.signer_title,
        name: &letter.authority.signer_name,
    };
    // Both columns start on the same line and move to the next page together.
    flow.ensure(left_h.max(s.mm(30.0)));
    let top = flow.y();
    let mut y = top;
    for (text, style) in lines {
        let h = style.line_height(leading);
        let area = Area {
            x: spec.left(),
            y,
            width: col_w,
            height: h,
        };
        flow.canvas().text_line(area, Align::Left, style, text);
        y += h;
    }
    signatures_with_hint(flow, s, &[None, Some(signer)], AUTHORITY_SIGN_HINT);
    if flow.y() < y {
        flow.advance(y - flow.y());
    }
}

/// Dựng văn bản; `body` writes what follows the intake paragraphs, `closing` the last sentence
/// ending in "./." (after the hotline).
pub(crate) fn render_authority_letter<F, C>(
    letter: &AuthorityLetter<'_>,
    pdf_title: &str,
    body: F,
    closing: C,
) -> Result<Vec<u8>, DocumentError>
where
    F: Fn(&mut Flow, Scale),
    C: Fn(Scale) -> Vec<Span>,
{
    let reference = format!("Mã hồ sơ: {}", letter.code);
    let copies = [Copy::new(None, Some(&reference), letter.title)];
    render_copies(pdf_title, &copies, |flow, s, _| {
        let authority = letter.authority;
        draw_official_header_numbered(flow, &authority.head.official(), &authority.number, s.body)?;
        let heading = Heading {
            title: letter.title,
            code: Some(letter.code),
            label: None,
            barcode: Some(letter.barcode),
        };
        draw_heading(flow, s, &heading);
        centred(
            flow,
            s,
            &[
                Span::new("Kính gửi: ", s.regular()),
                Span::keep(format!("Ông/Bà {}", letter.notice.submitter_name), s.bold()),
            ],
        );
        flow.advance(s.mm(1.5));
        intake_paragraphs(flow, s, letter.notice, None);
        body(flow, s);
        hotline_then_closing(flow, s, &letter.notice.hotline, &closing(s));
        flow.advance(s.mm(3.0));
        recipients_and_signature(flow, s, letter);
        Ok(())
    })
}
