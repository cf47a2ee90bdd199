//! Phông chữ nhúng: Liberation Serif (SIL OFL 1.1), metric-compatible with
//! Times New Roman, the face of Vietnamese official documents.
//!
//! The TTF files live in `assets/fonts/` at the workspace root, with their licence.

use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont, PdfDocument};

use crate::error::DocumentError;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Italic.ttf");

/// Kiểu chữ (font face) dùng trên biểu mẫu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Chữ thường (regular).
    Regular,
    /// Chữ đậm (bold).
    Bold,
    /// Chữ nghiêng (italic).
    Italic,
}

impl Face {
    /// Every face, in storage order.
    pub const ALL: [Face; 3] = [Face::Regular, Face::Bold, Face::Italic];

    fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Italic => 2,
        }
    }

    fn file(self) -> (&'static str, &'static [u8]) {
        match self {
            Face::Regular => ("LiberationSerif-Regular", REGULAR),
            Face::Bold => ("LiberationSerif-Bold", BOLD),
            Face::Italic => ("LiberationSerif-Italic", ITALIC),
        }
    }
}

/// Characters below this code point have their advance width precomputed
/// (Latin, Latin Extended Additional with all Vietnamese letters, punctuation).
const ADVANCE_CACHE: u32 = 0x2100;

/// Phông đã đọc sẵn, dùng chung cho mọi tài liệu (parsed once per process).
pub struct FontBook {
    metrics: Vec<ttf_parser::Face<'static>>,
    parsed: Vec<ParsedFont>,
    /// Advance widths (font units) per face for chars below [`ADVANCE_CACHE`].
    advances: Vec<Vec<u16>>,
}

fn advance_of(face: &ttf_parser::Face<'_>, ch: char) -> u16 {
    let gid = face.glyph_index(ch).unwrap_or(ttf_parser::GlyphId(0));
    face.glyph_hor_advance(gid).unwrap_or(0)
}

static BOOK: OnceLock<Result<FontBook, DocumentError>> = OnceLock::new();

/// The three faces' tables only (cheap to parse: no PDF font is built), for [`prints`].
static COVERAGE: OnceLock<Vec<ttf_parser::Face<'static>>> = OnceLock::new();

/// Whether the form font draws `ch` in every face (regular, bold, italic), read from the bundled
/// fonts' character maps (cmap). A space always prints. Meant for checking input before it is
/// saved, so that every dossier can print its forms; see [`FontBook::check_printable`].
pub fn prints(ch: char) -> bool {
    if ch == ' ' {
        return true;
    }
    let faces = COVERAGE.get_or_init(|| {
        Face::ALL
            .iter()
            .filter_map(|f| ttf_parser::Face::parse(f.file().1, 0).ok())
            .collect()
    });
    faces.len() == Face::ALL.len() && faces.iter().all(|m| m.glyph_index(ch).is_some())
}

impl FontBook {
    /// Sổ phông dùng chung (parsed on first use, then cached).
    pub fn get() -> Result<&'static FontBook, DocumentError> {
        BOOK.get_or_init(FontBook::load)
            .as_ref()
            .map_err(Clone::clone)
    }

    fn load() -> Result<FontBook, DocumentError> {
        let mut metrics = Vec::with_capacity(3);
        let mut parsed = Vec::with_capacity(3);
        for face in Face::ALL {
            let (name, bytes) = face.file();
            metrics.push(ttf_parser::Face::parse(bytes, 0).map_err(|_| DocumentError::Font(name))?);
            parsed.push(
                ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
                    .ok_or(DocumentError::Font(name))?,
            );
        }
        let advances = metrics
            .iter()
            .map(|m| {
                (0..ADVANCE_CACHE)
                    .map(|code| char::from_u32(code).map_or(0, |ch| advance_of(m, ch)))
                    .collect()
            })
            .collect();
        Ok(FontBook {
            metrics,
            parsed,
            advances,
        })
    }

    /// Độ rộng (advance, font units) của một ký tự; .notdef's if missing.
    pub fn advance(&self, face: Face, ch: char) -> u16 {
        let cached = self.advances[face.index()].get(ch as usize).copied();
        cached.unwrap_or_else(|| advance_of(self.metrics(face), ch))
    }

    /// Số đo (ttf-parser) của một kiểu chữ.
    pub fn metrics(&self, face: Face) -> &ttf_parser::Face<'static> {
        &self.metrics[face.index()]
    }

    /// Kiểm tra mọi ký tự in được bằng cả ba kiểu chữ.
    ///
    /// Fails with [`DocumentError::UnsupportedCharacter`] rather than printing a
    /// name with a silently missing letter.
    pub fn check_printable(&self, text: &str) -> Result<(), DocumentError> {
        for ch in text.chars() {
            if ch == ' ' {
                continue;
            }
            if self.metrics.iter().any(|m| m.glyph_index(ch).is_none()) {
                return Err(DocumentError::UnsupportedCharacter {
                    ch,
                    code: u32::from(ch),
                    text: text.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Nhúng ba kiểu chữ vào tài liệu (subset when saved) and returns their handles.
    pub fn register(&'static self, doc: &mut PdfDocument) -> Fonts {
        let ids = self.parsed.iter().map(|p| doc.add_font(p)).collect();
        Fonts { book: self, ids }
    }
}

/// Phông của một tài liệu: metrics plus the PDF font ids.
#[derive(Clone)]
pub struct Fonts {
    book: &'static FontBook,
    ids: Vec<FontId>,
}

impl Fonts {
    /// Số đo của một kiểu chữ.
    pub fn metrics(&self, face: Face) -> &ttf_parser::Face<'static> {
        self.book.metrics(face)
    }

    /// Độ rộng (advance, font units) của một ký tự.
    pub fn advance(&self, face: Face, ch: char) -> u16 {
        self.book.advance(face, ch)
    }

    /// Mã phông trong PDF.
    pub fn id(&self, face: Face) -> &FontId {
        &self.ids[face.index()]
    }

    /// Sổ phông gốc.
    pub fn book(&self) -> &'static FontBook {
        self.book
    }
}
