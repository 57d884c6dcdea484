//! Bytes to text: BOM sniffing, strict UTF-8, then the best legacy Japanese encoding.

use std::borrow::Cow;

use encoding_rs::{Encoding, EUC_JP, SHIFT_JIS, UTF_8};

/// Decoded text and how it was obtained.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    /// The text, BOM removed: the input's own bytes when they are valid UTF-8, so the
    /// commonest input is not held twice.
    pub text: Cow<'a, str>,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Number of malformed sequences replaced by U+FFFD.
    pub replaced: usize,
}

fn decode_with<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> Decoded<'a> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let replaced = if had_errors {
        // Replacement characters already present in valid input are not decoding errors,
        // but a file with both is rare enough that counting them all is the honest answer.
        text.chars().filter(|&c| c == '\u{FFFD}').count()
    } else {
        0
    };
    Decoded {
        text,
        encoding,
        replaced,
    }
}

/// Decodes `bytes`: a BOM decides; else valid UTF-8 is UTF-8; else whichever of UTF-8,
/// Shift_JIS (WHATWG: windows-31j/CP932 superset) and EUC-JP needs the fewest replacements,
/// ties broken by a statistical detector.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(&bytes[bom_len..], encoding);
    }
    // Most input is UTF-8: checked with vector instructions (several times faster than
    // `std::str::from_utf8` on Japanese text, where nearly every character is three bytes).
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8,
            replaced: 0,
        };
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"jp"), chardetng::Utf8Detection::Allow);
    let candidates = [UTF_8, SHIFT_JIS, EUC_JP];
    // The detector's guess goes first so that it wins ties (`min_by_key` keeps the first).
    let guess = Some(guess).filter(|g| candidates.contains(g));
    guess
        .into_iter()
        .chain(candidates.into_iter().filter(|&e| Some(e) != guess))
        .map(|e| decode_with(bytes, e))
        .min_by_key(|d| d.replaced)
        .expect("three candidates")
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{UTF_16BE, UTF_16LE};

    const SAMPLE: &str = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n";

    #[test]
    fn ok_utf8_and_boms() {
        let d = decode(SAMPLE.as_bytes());
        assert_eq!((d.encoding, d.replaced, &*d.text), (UTF_8, 0, SAMPLE));
        // Valid UTF-8 is the input's own bytes, not a copy of them.
        assert!(matches!(d.text, Cow::Borrowed(_)));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bom);
        assert_eq!(d.text, SAMPLE);
        assert!(matches!(d.text, Cow::Borrowed(_)));
        for e in [UTF_16LE, UTF_16BE] {
            let mut bytes: Vec<u8> = if e == UTF_16LE {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in SAMPLE.encode_utf16() {
                let b = if e == UTF_16LE {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                };
                bytes.extend_from_slice(&b);
            }
            let d = decode(&bytes);
            assert_eq!((d.encoding, &*d.text), (e, SAMPLE));
        }
    }

    #[test]
    fn ok_legacy_japanese() {
        for e in [SHIFT_JIS, EUC_JP] {
            let (bytes, _, _) = e.encode(SAMPLE);
            let d = decode(&bytes);
            assert_eq!((d.encoding, d.replaced, &*d.text), (e, 0, SAMPLE));
        }
    }

    #[test]
    fn err_invalid_bytes_are_counted() {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes.insert(10, 0xFF);
        let d = decode(&bytes);
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.replaced, 1);
        assert!(d.text.contains("部局名"));
    }
}
