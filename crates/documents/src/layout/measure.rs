//! Đo chữ: text widths from the font's advance widths (ttf-parser), wrapping
//! and fitting. printpdf draws plain `Tj` text without kerning, so the sum of
//! advances is exactly what ends up on paper.

use unicode_normalization::char::is_combining_mark;

use crate::fonts::{Face, Fonts};

/// Số point trong một milimét.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Đổi point sang mm.
pub fn pt_to_mm(pt: f32) -> f32 {
    pt / PT_PER_MM
}

/// Kiểu chữ và cỡ chữ (size in pt).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Kiểu chữ.
    pub face: Face,
    /// Cỡ chữ, pt.
    pub size: f32,
}

impl Style {
    /// Chữ thường.
    pub fn regular(size: f32) -> Self {
        Style {
            face: Face::Regular,
            size,
        }
    }

    /// Chữ đậm.
    pub fn bold(size: f32) -> Self {
        Style {
            face: Face::Bold,
            size,
        }
    }

    /// Chữ nghiêng.
    pub fn italic(size: f32) -> Self {
        Style {
            face: Face::Italic,
            size,
        }
    }

    /// Cùng kiểu chữ, cỡ khác.
    pub fn with_size(self, size: f32) -> Self {
        Style { size, ..self }
    }

    /// Chiều cao dòng (mm) = cỡ chữ × hệ số giãn dòng.
    pub fn line_height(self, leading: f32) -> f32 {
        pt_to_mm(self.size * leading)
    }
}

/// Căn lề.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Căn trái.
    Left,
    /// Căn giữa.
    Center,
    /// Căn phải.
    Right,
}

impl Align {
    /// X of a run of `width` inside the box `[x, x + box_width]`.
    pub fn place(self, x: f32, box_width: f32, width: f32) -> f32 {
        match self {
            Align::Left => x,
            Align::Center => x + (box_width - width) / 2.0,
            Align::Right => x + box_width - width,
        }
    }
}

/// Độ rộng chuỗi (mm) ở kiểu chữ đã cho. Missing glyphs count as .notdef.
pub fn text_width(fonts: &Fonts, style: Style, text: &str) -> f32 {
    let units: u32 = text
        .chars()
        .map(|ch| u32::from(fonts.advance(style.face, ch)))
        .sum();
    let upem = f32::from(fonts.metrics(style.face).units_per_em().max(1));
    pt_to_mm(units as f32 * style.size / upem)
}

/// Khoảng từ đỉnh dòng tới đường chân chữ (baseline), mm, for a line box of
/// height `line_height`: the font's ascent+descent is centred in the box.
pub fn baseline_offset(fonts: &Fonts, style: Style, line_height: f32) -> f32 {
    let face = fonts.metrics(style.face);
    let upem = f32::from(face.units_per_em().max(1));
    let ascent = pt_to_mm(f32::from(face.ascender()) * style.size / upem);
    let descent = pt_to_mm(-f32::from(face.descender()) * style.size / upem);
    (line_height - (ascent + descent)) / 2.0 + ascent
}

/// Cỡ chữ lớn nhất trong `[min, max]` (bước 0,25 pt) để chuỗi vừa `width`;
/// `min` if even that is too wide (the caller then wraps).
pub fn fit_size(fonts: &Fonts, style: Style, text: &str, width: f32, min: f32) -> f32 {
    let mut size = style.size;
    while size > min {
        if text_width(fonts, style.with_size(size), text) <= width {
            return size;
        }
        size -= 0.25;
    }
    min
}

/// Ngắt chuỗi thành các dòng không rộng quá `width` (greedy, at spaces; a
/// word wider than the line is broken between characters).
pub fn wrap(fonts: &Fonts, style: Style, text: &str, width: f32) -> Vec<String> {
    wrap_rich(fonts, &[Span::new(text, style)], width)
        .into_iter()
        .map(|line| line.runs.into_iter().map(|r| r.text).collect::<String>())
        .collect()
}

/// Một đoạn chữ cùng kiểu (a run of text in one style).
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Nội dung.
    pub text: String,
    /// Kiểu chữ.
    pub style: Style,
    /// Giữ cả đoạn trên một dòng, cùng với từ đứng trước (e.g. "Bà" + a full
    /// name); it is only broken when wider than a whole line.
    pub keep: bool,
}

impl Span {
    /// Tạo đoạn chữ.
    pub fn new(text: impl Into<String>, style: Style) -> Self {
        Span {
            text: text.into(),
            style,
            keep: false,
        }
    }

    /// Đoạn chữ không ngắt dòng (kept together with the preceding word).
    pub fn keep(text: impl Into<String>, style: Style) -> Self {
        Span {
            keep: true,
            ..Span::new(text, style)
        }
    }
}

/// Một đoạn đã đặt trên dòng: text, style and x offset from the line start (mm).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Nội dung.
    pub text: String,
    /// Kiểu chữ.
    pub style: Style,
    /// Vị trí x tính từ đầu dòng, mm.
    pub x: f32,
    /// Độ rộng, mm.
    pub width: f32,
}

/// Một dòng đã ngắt.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Các đoạn trên dòng.
    pub runs: Vec<Run>,
    /// Độ rộng dòng, mm.
    pub width: f32,
}

impl Line {
    /// Cỡ chữ lớn nhất trên dòng (for the line height).
    pub fn max_size(&self) -> f32 {
        self.runs.iter().map(|r| r.style.size).fold(0.0, f32::max)
    }
}

struct Token {
    text: String,
    style: Style,
    space_before: bool,
}

/// Words grouped into unbreakable chunks (a kept span and the word before it).
fn chunks(spans: &[Span]) -> Vec<Vec<Token>> {
    let mut chunks: Vec<Vec<Token>> = Vec::new();
    let mut pending_space = false;
    for span in spans {
        let mut glue = span.keep;
        let mut current: Option<Token> = None;
        let flush = |token: Token, glue: &mut bool, chunks: &mut Vec<Vec<Token>>| {
            match chunks.last_mut() {
                Some(last) if *glue => last.push(token),
                _ => chunks.push(vec![token]),
            }
            *glue = span.keep;
        };
        for ch in span.text.chars() {
            if ch == ' ' {
                if let Some(t) = current.take() {
                    flush(t, &mut glue, &mut chunks);
                }
                pending_space = true;
                continue;
            }
            let token = current.get_or_insert_with(|| Token {
                text: String::new(),
                style: span.style,
                space_before: std::mem::take(&mut pending_space),
            });
            token.text.push(ch);
        }
        if let Some(t) = current.take() {
            flush(t, &mut glue, &mut chunks);
        }
    }
    chunks
}

/// Splits a word wider than `width` into pieces that fit, never separating a
/// combining mark from its base character.
fn split_word(fonts: &Fonts, style: Style, word: &str, width: f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for ch in word.chars() {
        let mut candidate = current.clone();
        candidate.push(ch);
        if !current.is_empty()
            && !is_combining_mark(ch)
            && text_width(fonts, style, &candidate) > width
        {
            pieces.push(std::mem::take(&mut current));
            current.push(ch);
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Ngắt đoạn văn nhiều kiểu chữ thành dòng (rich text wrapping). Adjacent
/// words of one style on a line become one run, so text extraction returns
/// them with their spaces.
pub fn wrap_rich(fonts: &Fonts, spans: &[Span], width: f32) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut line = Line::default();
    let space_w = |style: Style| text_width(fonts, style, " ");
    for chunk in chunks(spans) {
        // Width of the whole chunk as it would continue the current line.
        let chunk_w: f32 = chunk
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let gap = if t.space_before && (i > 0 || !line.runs.is_empty()) {
                    space_w(t.style)
                } else {
                    0.0
                };
                gap + text_width(fonts, t.style, &t.text)
            })
            .sum();
        if !line.runs.is_empty() && line.width + chunk_w > width {
            lines.push(std::mem::take(&mut line));
        }
        for token in chunk {
            let word_width = text_width(fonts, token.style, &token.text);
            let space = if token.space_before && !line.runs.is_empty() {
                space_w(token.style)
            } else {
                0.0
            };
            if !line.runs.is_empty() && line.width + space + word_width > width {
                lines.push(std::mem::take(&mut line));
            }
            let pieces = if word_width > width {
                split_word(fonts, token.style, &token.text, width)
            } else {
                vec![token.text]
            };
            for (i, piece) in pieces.into_iter().enumerate() {
                let piece_width = text_width(fonts, token.style, &piece);
                if i > 0 {
                    lines.push(std::mem::take(&mut line));
                }
                let joins_space = i == 0 && token.space_before && !line.runs.is_empty();
                push_piece(
                    &mut line,
                    piece,
                    token.style,
                    piece_width,
                    joins_space,
                    space,
                );
            }
        }
    }
    if !line.runs.is_empty() {
        lines.push(line);
    }
    lines
}

/// Ngắt đều: wraps into as few lines as [`wrap`] needs, but with the lines as
/// even as possible (for centred headings: "TRUNG TÂM PHỤC VỤ / HÀNH CHÍNH CÔNG ...").
pub fn wrap_balanced(fonts: &Fonts, style: Style, text: &str, width: f32) -> Vec<String> {
    let lines = wrap(fonts, style, text, width);
    if lines.len() < 2 {
        return lines;
    }
    let target = lines.len();
    let (mut lo, mut hi) = (width / target as f32, width);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if wrap(fonts, style, text, mid).len() <= target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    wrap(fonts, style, text, hi)
}

fn push_piece(line: &mut Line, piece: String, style: Style, width: f32, space: bool, space_w: f32) {
    let gap = if space { space_w } else { 0.0 };
    match line.runs.last_mut() {
        Some(last) if last.style == style => {
            if space {
                last.text.push(' ');
            }
            last.text.push_str(&piece);
            last.width += gap + width;
        }
        Some(last) => {
            // The space is drawn as a gap; keep it in the text too so that
            // text extraction never glues two words of different styles.
            if space {
                last.text.push(' ');
            }
            line.runs.push(Run {
                text: piece,
                style,
                x: line.width + gap,
                width,
            });
        }
        None => line.runs.push(Run {
            text: piece,
            style,
            x: line.width + gap,
            width,
        }),
    }
    line.width += gap + width;
}
