//! Phiếu một liên của bộ phận một cửa (Mẫu 02, 03 and the later notices):
//! official header, title with the dossier code and its barcode, the intake
//! paragraph, the form's own body, the hotline and one signature on the right.

use crate::error::DocumentError;
use crate::layout::{Code39, Flow, Span, draw_official_header};

use super::blocks::{Heading, Signer, draw_heading, para, signatures};
use super::copies::{Copy, render_copies};
use super::prepare::Head;
use super::scale::Scale;
use super::sentences::{Submitter, received_from, requested_procedure};

/// Hồ sơ đã tiếp nhận, as the letter recalls it.
pub(crate) struct Intake<'a> {
    pub submitter_name: &'a str,
    pub procedure_name: &'a str,
    /// "09 giờ 32 phút, ngày 27/10/2023".
    pub received_at: &'a str,
}

/// Một phiếu một liên.
pub(crate) struct Letter<'a> {
    pub head: &'a Head,
    pub title: &'a str,
    /// Mã hồ sơ and its Code 39, printed under the title.
    pub code: Option<(&'a str, &'a Code39)>,
    pub intake: Intake<'a>,
    pub hotline: &'a str,
    /// Người ký, on the right.
    pub signer: Signer<'a>,
}

/// "<đơn vị> tiếp nhận hồ sơ của Ông/Bà <tên>", the procedure and the time
/// the dossier was received.
fn intake_paragraphs(flow: &mut Flow, s: Scale, head: &Head, intake: &Intake<'_>) {
    let fonts = flow.fonts().clone();
    let width = flow.spec().content_width();
    let submitter = Submitter {
        honorific: "Ông/Bà",
        name: intake.submitter_name,
    };
    let intro = received_from(&fonts, s, &head.unit_in_sentence, " ", &submitter, width);
    para(flow, s, &intro);
    para(flow, s, &requested_procedure(s, intake.procedure_name));
    para(
        flow,
        s,
        &[Span::new(
            format!("Thời gian nhận hồ sơ: {}", intake.received_at),
            s.regular(),
        )],
    );
}

/// Dựng phiếu; `body` writes what comes between the intake paragraph and the
/// hotline (it may be called once per body size tried).
pub(crate) fn render_letter<F>(
    letter: &Letter<'_>,
    pdf_title: &str,
    body: F,
) -> Result<Vec<u8>, DocumentError>
where
    F: Fn(&mut Flow, Scale),
{
    let reference = letter.code.map(|(code, _)| format!("Mã hồ sơ: {code}"));
    let copies = [Copy::new(None, reference.as_deref(), letter.title)];
    render_copies(pdf_title, &copies, |flow, s, _| {
        draw_official_header(flow, &letter.head.official(), s.body)?;
        let heading = Heading {
            title: letter.title,
            code: letter.code.map(|(code, _)| code),
            label: None,
            barcode: letter.code.map(|(_, barcode)| barcode),
        };
        draw_heading(flow, s, &heading);
        intake_paragraphs(flow, s, letter.head, &letter.intake);
        body(flow, s);
        if !letter.hotline.is_empty() {
            flow.advance(s.mm(0.8));
            para(flow, s, &super::sentences::hotline(s, letter.hotline));
        }
        flow.advance(s.mm(3.0));
        signatures(flow, s, &[None, Some(letter.signer)]);
        Ok(())
    })
}
