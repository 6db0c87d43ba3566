//! Bytes of a web page → text. The declared charset (HTTP header, then `<meta charset>`) is
//! honoured when the bytes agree with it; when it is absent or plainly wrong (invalid UTF-8
//! declared as UTF-8, or a legacy charset declared over valid UTF-8), the encoding is detected,
//! so the text never comes out as mojibake.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// Why bytes could not be read as a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText(pub String);

/// Decodes a page. `declared` is the charset from an HTTP `Content-Type` header, if any.
pub fn decode_html(bytes: &[u8], declared: Option<&str>) -> Result<String, NotText> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(enc
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned());
    }
    if looks_binary(bytes) {
        return Err(NotText(
            "binary content (NUL or control bytes), not an HTML page".into(),
        ));
    }
    let declared = declared
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .or_else(|| meta_charset(bytes));
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    let encoding = match declared {
        // Pages declared as a legacy charset but written in UTF-8 are common (templates
        // converted, headers not); UTF-8 never validates by accident on real legacy text.
        Some(_) if valid_utf8 => UTF_8,
        Some(enc) if enc != UTF_8 => enc,
        _ if valid_utf8 => UTF_8,
        _ => detect(bytes),
    };
    Ok(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

/// Repairs text that was UTF-8, was read as Latin-1 or Windows-1252 somewhere upstream and
/// saved as UTF-8 again: "Investorâ€™s" (or the same with invisible C1 controls) becomes
/// "Investor’s". Such pages decode cleanly, so no charset check can see the damage; only the
/// telltale characters can. Borrowed unchanged when they are absent, as on almost every page.
///
/// A run is replaced only when its characters, taken back to single bytes, form one complete
/// UTF-8 sequence: real text does not put a lead character like "Ã" or "â" before exactly the
/// right number of continuation characters, while mojibake always does.
pub fn repair_double_encoding(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // C1 controls (U+0080–U+009F) are the bytes C2 80–C2 9F in UTF-8.
    let has_c1 =
        memchr::memchr_iter(0xC2, bytes).any(|i| matches!(bytes.get(i + 1), Some(0x80..=0x9F)));
    if !has_c1 && memchr::memmem::find(bytes, "â€".as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match misread_sequence(rest) {
            Some((original, len)) => {
                out.push(original);
                rest = &rest[len..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    Cow::Owned(out)
}

/// The character that the start of `text` is a misreading of, and how many bytes of `text`
/// the misreading takes.
fn misread_sequence(text: &str) -> Option<(char, usize)> {
    let mut chars = text.char_indices();
    let lead = single_byte(chars.next()?.1)?;
    let continuations = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for b in &mut bytes[1..=continuations] {
        *b = single_byte(chars.next()?.1).filter(|b| (0x80..=0xBF).contains(b))?;
    }
    let len = chars.next().map_or(text.len(), |(i, _)| i);
    let original = std::str::from_utf8(&bytes[..=continuations])
        .ok()?
        .chars()
        .next()?;
    Some((original, len))
}

/// The byte a character stands for when a byte was read as Latin-1 or Windows-1252.
fn single_byte(c: char) -> Option<u8> {
    if let Ok(b) = u8::try_from(c) {
        return Some(b);
    }
    let mut buf = [0; 4];
    let (bytes, _, unmappable) = WINDOWS_1252.encode(c.encode_utf8(&mut buf));
    match *bytes {
        [b] if !unmappable => Some(b),
        _ => None,
    }
}

/// The encoding chardetng guesses from the bytes (UTF-8 allowed: a page with a few broken
/// sequences is still mostly UTF-8).
fn detect(bytes: &[u8]) -> &'static Encoding {
    use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Allow)
}

/// Binary files served as HTML: NUL bytes or many C0 control bytes near the start.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    head.contains(&0) || controls * 20 > head.len().max(1)
}

/// The charset named by a `<meta charset>` or `<meta http-equiv content="…; charset=…">` in the
/// first 4 KiB, as browsers pre-scan for it.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("charset") {
        rest = &rest[at + "charset".len()..];
        let value = rest
            .trim_start_matches([' ', '='])
            .trim_start_matches(['"', '\'', ' ']);
        let label: String = value
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        if let Some(enc) = Encoding::for_label(label.as_bytes()) {
            // A page that is UTF-16 on the wire would not have an ASCII meta tag.
            return Some(if enc.name().starts_with("UTF-16") {
                UTF_8
            } else {
                enc
            });
        }
    }
    None
}

/// The `charset` parameter of a `Content-Type` header value.
pub fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honours_declared_legacy_charset() {
        let page = b"<meta charset=\"windows-1252\"><p>caf\xe9 \x93quoted\x94</p>";
        assert_eq!(
            decode_html(page, None).unwrap(),
            "<meta charset=\"windows-1252\"><p>café “quoted”</p>"
        );
        let page = b"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>"; // "Привет" in windows-1251
        assert_eq!(
            decode_html(page, Some("windows-1251")).unwrap(),
            "<p>Привет</p>"
        );
    }

    #[test]
    fn utf8_wins_over_a_wrong_declaration() {
        let page = "<meta charset=iso-8859-1><p>café</p>".as_bytes();
        assert!(decode_html(page, None).unwrap().contains("café"));
        assert!(decode_html(page, Some("latin1")).unwrap().contains("café"));
    }

    #[test]
    fn detects_undeclared_legacy_text() {
        let page = b"<p>Le caf\xe9 de la gare est ferm\xe9 depuis l'\xe9t\xe9 dernier, \
                     a d\xe9clar\xe9 le maire.</p>";
        let text = decode_html(page, Some("utf-8")).unwrap();
        assert!(text.contains("café") && text.contains("été"), "{text}");
    }

    #[test]
    fn boms_and_binary() {
        assert_eq!(
            decode_html(b"\xef\xbb\xbf<p>x</p>", None).unwrap(),
            "<p>x</p>"
        );
        assert_eq!(
            decode_html(b"\xff\xfe<\x00p\x00>\x00", None).unwrap(),
            "<p>"
        );
        assert!(decode_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None).is_err());
    }

    #[test]
    fn double_encoded_text_is_repaired() {
        // UTF-8 bytes read back as Latin-1 (C1 controls) and as Windows-1252.
        let latin1: String = "Investor’s".bytes().map(char::from).collect();
        assert_eq!(repair_double_encoding(&latin1), "Investor’s");
        let story = "Café – a ferry “story” for €5 ✓";
        let cp1252 = WINDOWS_1252.decode_without_bom_handling(story.as_bytes()).0;
        assert!(cp1252.contains("â€"), "{cp1252}");
        assert_eq!(repair_double_encoding(&cp1252), story);
        // Text without the telltale characters is not touched, even where it could decode.
        let clean = "Ã© is not a word; São Paulo, naïve, “quotes” – dashes";
        assert!(matches!(repair_double_encoding(clean), Cow::Borrowed(_)));
        // A lead character without its continuations stays as it is.
        assert_eq!(repair_double_encoding("â€ and Ã!"), "â€ and Ã!");
    }

    #[test]
    fn content_type_charset() {
        assert_eq!(
            charset_param("text/html; charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_param("text/html"), None);
    }
}
