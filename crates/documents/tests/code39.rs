//! Code 39: patterns, character set and errors.

use motcua_documents::DocumentError;
use motcua_documents::layout::Code39;

const START_STOP: &str = "100101101101"; // '*' with wide = 2 modules

#[test]
fn known_pattern_of_a() {
    let code = Code39::encode("A").expect("A is encodable");
    // *A* : start, gap, A, gap, stop (wide = 2 narrow modules).
    let expected = format!("{START_STOP}0{}0{START_STOP}", "110101001011");
    assert_eq!(code.module_string(2), expected);
}

#[test]
fn known_pattern_of_digits_and_punctuation() {
    let code = Code39::encode("0-.").expect("encodable");
    let expected = [
        START_STOP,
        "101001101101", // 0
        "100101011011", // -
        "110010101101", // .
        START_STOP,
    ]
    .join("0");
    assert_eq!(code.module_string(2), expected);
}

#[test]
fn ratio_three_character_width() {
    // 9 elements (3 wide) + inter-character gap = 6 + 3*3 + 1 = 16 modules.
    let code = Code39::encode("A").expect("encodable");
    let modules = code.module_string(3).len();
    assert_eq!(modules, 3 * 16 - 1);
    assert!((code.width(0.25, 3.0) - modules as f32 * 0.25).abs() < 1e-4);
}

#[test]
fn every_character_has_three_wide_elements() {
    let set = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";
    for ch in set.chars() {
        let code = Code39::encode(&ch.to_string()).expect("in the Code 39 set");
        let elements = code.elements();
        assert_eq!(elements.len(), 3 * 9 + 2, "{ch}");
        let middle = &elements[10..19];
        assert_eq!(middle.iter().filter(|e| e.wide).count(), 3, "{ch}");
        assert!(middle[0].bar && !middle[1].bar && middle[8].bar, "{ch}");
    }
}

#[test]
fn dossier_code_is_encodable() {
    let code = Code39::encode("000.00.31.H29-260205-0001").expect("dossier codes are Code 39");
    assert_eq!(code.elements().len(), 27 * 10 - 1);
}

#[test]
fn unsupported_characters_are_errors() {
    for (value, bad) in [("ab", 'a'), ("H29*1", '*'), ("Đ01", 'Đ'), ("A_B", '_')] {
        assert_eq!(
            Code39::encode(value),
            Err(DocumentError::UnsupportedBarcodeCharacter { ch: bad }),
            "{value}"
        );
    }
    assert_eq!(Code39::encode(""), Err(DocumentError::EmptyBarcode));
}
