//! Shared test helpers: sample receipts and the external checking tools
//! (poppler-utils, qpdf, zbar-tools). A missing tool fails the test with a
//! clear message; it never skips.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime};
use motcua_documents::{DocumentLine, Person, ReceiptData};

/// Sample data of Mẫu 02, Mẫu 03 and the fee receipt (shared with the examples).
#[path = "../../examples/samples/mod.rs"]
pub mod samples;

pub const CODE: &str = "000.00.31.H29-260205-0001";
/// With the lookup token (`t`, 128 bits as 26 base32 characters) the receipt carries since
/// issue 14.
pub const URL: &str = "https://dichvucong.example.vn/tra-cuu?ma=000.00.31.H29-260205-0001&t=l5ghvhq3pvgcvdtpbmotyww6ty";
pub const NAME: &str = "Nguyễn Thị Hồng Đặng";
pub const PROCEDURE: &str = "Đăng ký khai sinh có yếu tố nước ngoài";

pub fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|date| date.and_hms_opt(h, min, 0))
        .expect("valid test date")
}

pub fn sample() -> ReceiptData {
    ReceiptData {
        parent_authority: "UBND TỈNH ĐỒNG NAI".into(),
        unit_name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".into(),
        place: "Tân Phú".into(),
        code: CODE.into(),
        issued_on: NaiveDate::from_ymd_opt(2026, 2, 5).expect("valid date"),
        submitter: Person {
            honorific: "Bà".into(),
            full_name: NAME.into(),
            address: "Ấp 3, xã Tân Phú, tỉnh Đồng Nai".into(),
            phone: "0912345678".into(),
            email: "hongdang@example.vn".into(),
            id_number: "075190001234".into(),
        },
        owner_name: Some("Trần Văn Bình".into()),
        owner_identifier: String::new(),
        submitter_capacity: String::new(),
        authorisation: String::new(),
        procedure_name: PROCEDURE.into(),
        documents: vec![
            DocumentLine {
                name: "Tờ khai đăng ký khai sinh (theo mẫu)".into(),
                original: 1,
                certified: 0,
                photocopy: 0,
            },
            DocumentLine {
                name: "Giấy chứng sinh do cơ sở y tế cấp".into(),
                original: 1,
                certified: 0,
                photocopy: 0,
            },
            DocumentLine {
                name: "Giấy chứng nhận kết hôn của cha, mẹ".into(),
                original: 0,
                certified: 1,
                photocopy: 2,
            },
        ],
        sets_count: 1,
        duration_text: "05 ngày làm việc".into(),
        received_at: at(2023, 10, 27, 9, 32),
        due_at: Some(at(2023, 11, 3, 9, 32)),
        delivery_text: "Tại Bộ phận Một cửa".into(),
        fee_text: "Lệ phí: 8.000 đồng (Thu trước)".into(),
        ledger_book: "01/2026".into(),
        ledger_number: 361,
        lookup_url: URL.into(),
        hotline: "0251 3822 222".into(),
        clerk_name: "Lê Thị Thu Hà".into(),
        corrected_on: None,
    }
}

/// Twelve documents whose names wrap over several lines.
pub fn long_documents() -> Vec<DocumentLine> {
    (1..=12)
        .map(|i| DocumentLine {
            name: samples::long_name(i),
            original: 1,
            certified: i % 3,
            photocopy: i % 2,
        })
        .collect()
}

/// Twelve documents with names of realistic length (30-90 characters).
pub fn realistic_documents() -> Vec<DocumentLine> {
    [
        "Tờ khai đăng ký khai sinh (theo mẫu)",
        "Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp",
        "Văn bản ủy quyền theo quy định của pháp luật (nếu có)",
        "Giấy xác nhận tình trạng hôn nhân của người yêu cầu đăng ký",
        "Giấy tờ chứng minh nơi cư trú của cha, mẹ trẻ em",
        "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh",
        "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất",
        "Tờ khai đề nghị hỗ trợ chi phí mai táng (Mẫu số 04, NĐ 20/2021)",
        "Bản sao Giấy chứng tử hoặc giấy tờ khác chứng minh việc người đó đã chết",
        "Giấy xác nhận khuyết tật do Chủ tịch Ủy ban nhân dân cấp xã cấp",
        "Văn bản cử người giám hộ hoặc giấy tờ chứng minh quan hệ giám hộ",
        "Bản án, quyết định ly hôn đã có hiệu lực pháp luật",
    ]
    .iter()
    .enumerate()
    .map(|(i, name)| DocumentLine {
        name: (*name).to_owned(),
        original: 1,
        certified: (i % 2) as u32,
        photocopy: (i % 3) as u32,
    })
    .collect()
}

/// A scratch directory for one test, under Cargo's target/tmp (kept for
/// inspection after a failure, replaced on the next run).
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("documents-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

pub fn write_pdf(dir: &Path, bytes: &[u8]) -> PathBuf {
    let path = dir.join("receipt.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    path
}

/// Runs an external tool; panics with an install hint if it is missing.
pub fn tool(program: &str, args: &[&str]) -> std::process::Output {
    match Command::new(program).args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{program}` is required by this test but was not found on PATH: install it \
             (Debian: apt-get install -y poppler-utils qpdf zbar-tools)"
        ),
        Err(e) => panic!("cannot run `{program}`: {e}"),
    }
}

/// Runs a tool that must succeed and returns its stdout as UTF-8.
pub fn tool_ok(program: &str, args: &[&str]) -> String {
    let out = tool(program, args);
    assert!(
        out.status.success(),
        "`{program} {}` failed ({}): {}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("tool output is UTF-8")
}

/// How pdftotext orders the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Default reading order.
    Plain,
    /// `-layout`: physical layout.
    Layout,
    /// `-raw`: content stream order.
    Raw,
}

/// Text of the PDF (all pages, or one page).
pub fn pdftotext(pdf: &Path, mode: Mode, page: Option<u32>) -> String {
    let path = pdf.to_str().expect("utf-8 path");
    let mut args: Vec<String> = Vec::new();
    match mode {
        Mode::Plain => {}
        Mode::Layout => args.push("-layout".into()),
        Mode::Raw => args.push("-raw".into()),
    }
    if let Some(p) = page {
        args.extend(["-f".into(), p.to_string(), "-l".into(), p.to_string()]);
    }
    args.extend([path.to_owned(), "-".to_owned()]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    tool_ok("pdftotext", &refs)
}

/// Collapses all whitespace (line breaks included) to single spaces.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn page_count(pdf: &Path) -> usize {
    let info = tool_ok("pdfinfo", &[pdf.to_str().expect("utf-8 path")]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("pdfinfo prints Pages:")
}

/// One word box from `pdftotext -bbox` (points, origin top-left).
#[derive(Debug, Clone)]
pub struct WordBox {
    pub page: usize,
    pub page_width: f64,
    pub page_height: f64,
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
    pub word: String,
}

fn attr(tag: &str, name: &str) -> Option<f64> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    tag[start..end].parse().ok()
}

/// Word boxes of every page.
pub fn word_boxes(pdf: &Path) -> Vec<WordBox> {
    let html = tool_ok(
        "pdftotext",
        &["-bbox", pdf.to_str().expect("utf-8 path"), "-"],
    );
    let mut boxes = Vec::new();
    let (mut page, mut pw, mut ph) = (0usize, 0.0, 0.0);
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
            pw = attr(line, "width").expect("page width");
            ph = attr(line, "height").expect("page height");
        } else if line.starts_with("<word ") {
            let word = line
                .split_once('>')
                .and_then(|(_, rest)| rest.strip_suffix("</word>"))
                .unwrap_or_default()
                .to_owned();
            boxes.push(WordBox {
                page,
                page_width: pw,
                page_height: ph,
                x_min: attr(line, "xMin").expect("xMin"),
                y_min: attr(line, "yMin").expect("yMin"),
                x_max: attr(line, "xMax").expect("xMax"),
                y_max: attr(line, "yMax").expect("yMax"),
                word,
            });
        }
    }
    boxes
}

/// Decodes every barcode on a page rendered at `dpi`; returns zbarimg's lines.
pub fn decode_barcodes(pdf: &Path, dir: &Path, page: u32, dpi: u32) -> Vec<String> {
    let prefix = dir.join(format!("page-{dpi}"));
    let page_s = page.to_string();
    let dpi_s = dpi.to_string();
    tool_ok(
        "pdftoppm",
        &[
            "-r",
            &dpi_s,
            "-png",
            "-singlefile",
            "-f",
            &page_s,
            "-l",
            &page_s,
            pdf.to_str().expect("utf-8 path"),
            prefix.to_str().expect("utf-8 path"),
        ],
    );
    let png = prefix.with_extension("png");
    let out = tool(
        "zbarimg",
        &["--raw", "-q", png.to_str().expect("utf-8 path")],
    );
    // zbarimg exits 4 when nothing was found; treat that as an empty result.
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .filter(|l| !l.is_empty())
        .collect()
}

/// `qpdf --check` passes.
pub fn assert_qpdf_ok(pdf: &Path) {
    let out = tool("qpdf", &["--check", pdf.to_str().expect("utf-8 path")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "qpdf --check failed: {stdout}");
    assert!(
        stdout.contains("No syntax or stream encoding errors"),
        "{stdout}"
    );
}

/// Every font is an embedded Liberation Serif subset ("ABCDEF+..."), all
/// three faces present.
pub fn assert_subset_fonts(pdf: &Path) {
    let listing = tool_ok("pdffonts", &[pdf.to_str().expect("utf-8 path")]);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert_eq!(rows.len(), 3, "{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        assert!(
            name.len() > 7
                && name.as_bytes()[6] == b'+'
                && name[..6].chars().all(|c| c.is_ascii_uppercase()),
            "not a subset font name: {row}"
        );
        assert!(name.contains("LiberationSerif"), "{row}");
        // emb sub uni
        let flags = &cols[cols.len() - 5..cols.len() - 2];
        assert_eq!(flags, ["yes", "yes", "yes"], "{row}");
    }
}

/// Every page is A5 portrait (419.53 x 595.28 pt).
pub fn assert_a5_portrait(pdf: &Path) {
    let pages = page_count(pdf).to_string();
    let info = tool_ok(
        "pdfinfo",
        &["-f", "1", "-l", &pages, pdf.to_str().expect("utf-8 path")],
    );
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .collect();
    assert!(!sizes.is_empty(), "{info}");
    for size in sizes {
        assert!(size.contains("419.5") && size.contains("595.2"), "{size}");
    }
}

/// Every word lies inside the page (5 mm from each edge) and no two words
/// overlap (text over text would show as intersecting word boxes). Returns
/// the number of words.
pub fn assert_no_overlap_inside_page(pdf: &Path) -> usize {
    let boxes = word_boxes(pdf);
    assert!(boxes.len() > 50, "too few words: {}", boxes.len());
    let margin = 5.0 * 72.0 / 25.4;
    for b in &boxes {
        assert!(
            b.x_min >= margin && b.x_max <= b.page_width - margin,
            "word outside the page: {b:?}"
        );
        assert!(
            b.y_min >= margin && b.y_max <= b.page_height - margin,
            "word outside the page: {b:?}"
        );
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            if a.page != b.page {
                continue;
            }
            let dx = a.x_max.min(b.x_max) - a.x_min.max(b.x_min);
            let dy = a.y_max.min(b.y_max) - a.y_min.max(b.y_min);
            assert!(dx <= 0.5 || dy <= 0.5, "overlapping words: {a:?} / {b:?}");
        }
    }
    boxes.len()
}

/// Writes a PDF into a fresh scratch directory: (dir, pdf path).
pub fn save(name: &str, bytes: &[u8]) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let path = write_pdf(&dir, bytes);
    (dir, path)
}

/// Saves a form that must have rendered, and be small (subset fonts).
pub fn save_rendered(
    name: &str,
    rendered: Result<Vec<u8>, motcua_documents::DocumentError>,
) -> (PathBuf, PathBuf) {
    let bytes = rendered.unwrap_or_else(|e| panic!("{name}: form does not render: {e}"));
    assert!(bytes.len() < 100 * 1024, "{name}: {} bytes", bytes.len());
    save(name, &bytes)
}

/// Asserts that `text` contains every needle, naming the mode on failure.
pub fn assert_contains_all(text: &str, needles: &[&str], what: &str) {
    for needle in needles {
        assert!(text.contains(needle), "{what} lacks {needle:?}:\n{text}");
    }
}

/// Printed on the sample one-copy notices (Mẫu 02, 03), on lines that never wrap.
pub const LETTER_COMMON: [&str; 10] = [
    "UBND TỈNH ĐỒNG NAI",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Mã hồ sơ: 000.00.31.H29-260205-0001",
    samples::SUBMITTER,
    "Nội dung yêu cầu giải quyết:",
    samples::PROCEDURE,
    "Đường dây nóng: 0251 3822 222",
    "(Ký và ghi rõ họ tên)",
    samples::CLERK,
];

/// Printed on the sample letters of the competent authority (Mẫu 04, 05), on lines that never
/// wrap: the authority, its number, "Kính gửi", "Nơi nhận" and the head's signature.
pub const AUTHORITY_LETTER_COMMON: [&str; 13] = [
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
    "Số: ............/UBND-VP",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Mã hồ sơ: 000.00.31.H29-260205-0001",
    "Kính gửi: Ông/Bà Nguyễn Thị Hồng Đặng",
    "Nội dung yêu cầu giải quyết:",
    "Đường dây nóng: 0251 3822 222",
    "Nơi nhận:",
    "- Như trên;",
    "CHỦ TỊCH",
    "(Ký, ghi rõ họ tên và đóng dấu)",
    "Trần Văn Minh",
];

/// The intake sentences of the sample notices, which wrap: whole in the
/// squashed stream-order text ([`raw_text`]).
pub const LETTER_INTAKE_RAW: [&str; 2] = [
    "Trung tâm Phục vụ hành chính công xã Tân Phú tiếp nhận hồ sơ của Ông/Bà \
     Nguyễn Thị Hồng Đặng",
    "Nội dung yêu cầu giải quyết: Đăng ký khai sinh có yếu tố nước ngoài",
];

/// Text in content-stream order with all whitespace squashed: wrapped
/// sentences and table cells read whole.
pub fn raw_text(pdf: &Path) -> String {
    squash(&pdftotext(pdf, Mode::Raw, None))
}

/// Every needle (strings that never wrap) is in the text of the PDF in all
/// three pdftotext modes, byte for byte.
pub fn assert_in_every_mode(pdf: &Path, needles: &[&str]) {
    for mode in [Mode::Plain, Mode::Layout, Mode::Raw] {
        let text = pdftotext(pdf, mode, None);
        assert_contains_all(&text, needles, &format!("pdftotext ({mode:?})"));
    }
}
