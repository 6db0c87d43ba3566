//! Bytes of a web page → text. The declared charset (HTTP header, then `<meta charset>`) is
//! honoured when the bytes agree with it; when it is absent or plainly wrong (invalid UTF-8
//! declared as UTF-8, or a legacy charset declared over valid UTF-8), the encoding is detected,
//! so the text never comes out as mojibake.

use encoding_rs::{Encoding, UTF_8};

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
    fn content_type_charset() {
        assert_eq!(
            charset_param("text/html; charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_param("text/html"), None);
    }
}
