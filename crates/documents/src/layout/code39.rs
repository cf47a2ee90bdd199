//! Mã vạch Code 39: start/stop '*', 9 elements per character (5 bars, 4
//! spaces, 3 of them wide), a narrow gap between characters, quiet zones of
//! 10 narrow modules on each side.

use super::canvas::{Area, Canvas};
use crate::error::DocumentError;

/// Character set, each with its 9 elements (bar, space, bar, ...; 1 = wide).
const TABLE: [(char, &str); 44] = [
    ('0', "000110100"),
    ('1', "100100001"),
    ('2', "001100001"),
    ('3', "101100000"),
    ('4', "000110001"),
    ('5', "100110000"),
    ('6', "001110000"),
    ('7', "000100101"),
    ('8', "100100100"),
    ('9', "001100100"),
    ('A', "100001001"),
    ('B', "001001001"),
    ('C', "101001000"),
    ('D', "000011001"),
    ('E', "100011000"),
    ('F', "001011000"),
    ('G', "000001101"),
    ('H', "100001100"),
    ('I', "001001100"),
    ('J', "000011100"),
    ('K', "100000011"),
    ('L', "001000011"),
    ('M', "101000010"),
    ('N', "000010011"),
    ('O', "100010010"),
    ('P', "001010010"),
    ('Q', "000000111"),
    ('R', "100000110"),
    ('S', "001000110"),
    ('T', "000010110"),
    ('U', "110000001"),
    ('V', "011000001"),
    ('W', "111000000"),
    ('X', "010010001"),
    ('Y', "110010000"),
    ('Z', "011010000"),
    ('-', "010000101"),
    ('.', "110000100"),
    (' ', "011000100"),
    ('$', "010101000"),
    ('/', "010100010"),
    ('+', "010001010"),
    ('%', "000101010"),
    ('*', "010010100"),
];

/// Khoảng lặng mỗi bên, tính bằng số mô-đun hẹp (quiet zone, ≥ 10 X).
pub const QUIET_ZONE_MODULES: f32 = 10.0;

/// Một vạch hoặc một khoảng trắng.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element {
    /// true = vạch đen, false = khoảng trắng.
    pub bar: bool,
    /// true = rộng, false = hẹp.
    pub wide: bool,
}

/// Mã vạch Code 39 đã mã hoá (elements of `*VALUE*`, inter-character gaps included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code39 {
    elements: Vec<Element>,
}

fn pattern(ch: char) -> Option<&'static str> {
    TABLE.iter().find(|(c, _)| *c == ch).map(|(_, p)| *p)
}

impl Code39 {
    /// Mã hoá `value` (không gồm dấu '*'). Errors on any character outside
    /// 0-9 A-Z - . space $ / + % (lower case is not converted: a code is
    /// printed exactly as issued, or not at all).
    pub fn encode(value: &str) -> Result<Self, DocumentError> {
        if value.is_empty() {
            return Err(DocumentError::EmptyBarcode);
        }
        let mut patterns = vec!["010010100"];
        for ch in value.chars() {
            match pattern(ch) {
                Some(p) if ch != '*' => patterns.push(p),
                _ => return Err(DocumentError::UnsupportedBarcodeCharacter { ch }),
            }
        }
        patterns.push("010010100");
        let mut elements = Vec::with_capacity(patterns.len() * 10);
        for (i, p) in patterns.iter().enumerate() {
            if i > 0 {
                elements.push(Element {
                    bar: false,
                    wide: false,
                });
            }
            for (j, b) in p.bytes().enumerate() {
                elements.push(Element {
                    bar: j % 2 == 0,
                    wide: b == b'1',
                });
            }
        }
        Ok(Code39 { elements })
    }

    /// Các phần tử vạch/khoảng.
    pub fn elements(&self) -> &[Element] {
        &self.elements
    }

    /// Chuỗi mô-đun "1"/"0" với tỉ lệ rộng:hẹp nguyên `ratio` (để kiểm thử).
    pub fn module_string(&self, ratio: usize) -> String {
        self.elements
            .iter()
            .map(|e| {
                let n = if e.wide { ratio } else { 1 };
                (if e.bar { "1" } else { "0" }).repeat(n)
            })
            .collect()
    }

    /// Độ rộng phần vạch (không gồm khoảng lặng), mm.
    pub fn width(&self, narrow: f32, ratio: f32) -> f32 {
        self.elements
            .iter()
            .map(|e| if e.wide { narrow * ratio } else { narrow })
            .sum()
    }

    /// Độ rộng hẹp lớn nhất để mã vạch cùng khoảng lặng vừa `available` mm.
    pub fn narrow_for_width(&self, available: f32, ratio: f32) -> f32 {
        available / (self.width(1.0, ratio) + 2.0 * QUIET_ZONE_MODULES)
    }

    /// Vẽ vạch từ (x, y) (góc trên trái phần vạch; caller leaves the quiet zones blank).
    pub fn draw(&self, canvas: &mut Canvas, x: f32, y: f32, narrow: f32, ratio: f32, height: f32) {
        let mut cx = x;
        let mut bars = Vec::new();
        for e in &self.elements {
            let w = if e.wide { narrow * ratio } else { narrow };
            if e.bar {
                bars.push(Area {
                    x: cx,
                    y,
                    width: w,
                    height,
                });
            }
            cx += w;
        }
        canvas.fill_areas(&bars);
    }
}
