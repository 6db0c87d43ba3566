//! Reading documents from files or stdin: plain text, HTML, one JSON record (or an array of
//! them), or JSON Lines. The format comes from the file extension, else from the first bytes.
//!
//! [`Documents`] yields `Result<InputDoc, InputError>` one document at a time, so a broken JSONL
//! line is reported (with its file and line number) while the rest of the file goes on, and a
//! large JSONL file is streamed rather than loaded.

use super::encoding::decode_html;
use super::warc::WarcPages;
use super::{Content, InputDoc};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

/// How a source is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One plain-text article.
    Text,
    /// One HTML page.
    Html,
    /// One JSON record per line.
    Jsonl,
    /// One JSON record, or an array of records.
    Json,
    /// A WARC archive, gzipped or not: its HTML responses.
    Warc,
}

impl Format {
    /// The format a file extension promises, if it is one attache knows.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".warc") || name.ends_with(".warc.gz") {
            return Some(Format::Warc);
        }
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes: `{` starts JSON Lines (or a pretty-printed
    /// record, when the `{` stands alone on its line), `[` a JSON array, `<` HTML, anything else
    /// (including nothing) is text.
    pub fn sniff(head: &[u8]) -> Format {
        // gzip is read as WARC: a gzipped page or JSONL file should say so in its name.
        if head.starts_with(&[0x1f, 0x8b]) || head.starts_with(b"WARC/") {
            return Format::Warc;
        }
        let head = head.strip_prefix(BOM).unwrap_or(head);
        let Some(at) = head.iter().position(|b| !b.is_ascii_whitespace()) else {
            return Format::Text;
        };
        match head[at] {
            b'{' => {
                let line_end = head[at..].iter().position(|&b| b == b'\n');
                let first_line = &head[at..at + line_end.unwrap_or(head.len() - at)];
                if first_line.trim_ascii() == b"{" {
                    Format::Json
                } else {
                    Format::Jsonl
                }
            }
            b'[' => Format::Json,
            b'<' => Format::Html,
            _ => Format::Text,
        }
    }
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// A document that could not be read, and where: `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file name, or `<stdin>`.
    pub origin: String,
    /// 1-based line number, for line-oriented input.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.origin, line, self.message),
            None => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// The documents of one source, read lazily.
pub struct Documents {
    origin: String,
    /// File name without extension: the id of a single-document file.
    stem: Option<String>,
    state: State,
}

enum State {
    /// A single-document (or JSON) source not read yet.
    Whole(Box<dyn Read + Send>, Format),
    /// JSON Lines, read line by line.
    Lines {
        reader: Box<dyn BufRead + Send>,
        line: usize,
    },
    /// The HTML pages of a WARC archive, read record by record.
    Warc(Box<WarcPages>),
    /// Documents already parsed (the records of a JSON array).
    Queue(std::vec::IntoIter<Result<InputDoc, InputError>>),
    Done,
}

/// Opens a file; its extension, or else its first bytes, decide the format.
pub fn open(path: &Path) -> Result<Documents, InputError> {
    let origin = path.display().to_string();
    let file = File::open(path).map_err(|e| InputError {
        origin: origin.clone(),
        line: None,
        message: format!("cannot open: {e}"),
    })?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    from_reader(origin, file, Format::from_path(path), stem)
}

/// Standard input, format sniffed.
pub fn stdin() -> Result<Documents, InputError> {
    from_reader("<stdin>", io::stdin(), None, None)
}

/// Any reader. `format` None sniffs it; `stem` is the id of a single-document source.
pub fn from_reader(
    origin: impl Into<String>,
    reader: impl Read + Send + 'static,
    format: Option<Format>,
    stem: Option<String>,
) -> Result<Documents, InputError> {
    let origin = origin.into();
    let (reader, format): (Box<dyn Read + Send>, Format) = match format {
        Some(f) => (Box::new(reader), f),
        None => {
            let mut reader = reader;
            let head = read_head(&mut reader).map_err(|e| InputError {
                origin: origin.clone(),
                line: None,
                message: format!("cannot read: {e}"),
            })?;
            let format = Format::sniff(&head);
            (Box::new(Cursor::new(head).chain(reader)), format)
        }
    };
    let state = match format {
        Format::Jsonl => State::Lines {
            reader: Box::new(BufReader::new(reader)),
            line: 0,
        },
        Format::Warc => State::Warc(Box::new(WarcPages::new(reader).map_err(|e| {
            InputError {
                origin: origin.clone(),
                line: None,
                message: format!("cannot read: {e}"),
            }
        })?)),
        f => State::Whole(reader, f),
    };
    Ok(Documents {
        origin,
        stem,
        state,
    })
}

/// Reads enough of the start to sniff the format: up to the end of the first line that has
/// something on it, at most 64 KiB.
fn read_head(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        head.extend_from_slice(&chunk[..n]);
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace() && !BOM.contains(b));
        let line_done = start.is_some_and(|s| head[s..].contains(&b'\n'));
        if n == 0 || line_done || head.len() >= 64 * 1024 {
            return Ok(head);
        }
    }
}

impl Documents {
    /// Where the documents come from (file name or `<stdin>`), for messages.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// What an archive held besides the documents yielded (skipped and broken records), once
    /// it has been read.
    pub fn summary(&self) -> Option<String> {
        match &self.state {
            State::Warc(pages) => Some(pages.stats.summary()),
            _ => None,
        }
    }

    /// The counts behind [`Documents::summary`], for totals over many archives.
    pub fn warc_stats(&self) -> Option<super::warc::WarcStats> {
        match &self.state {
            State::Warc(pages) => Some(pages.stats),
            _ => None,
        }
    }

    fn error(&self, line: Option<usize>, message: impl Into<String>) -> InputError {
        InputError {
            origin: self.origin.clone(),
            line,
            message: message.into(),
        }
    }

    fn read_whole(&mut self, mut reader: Box<dyn Read + Send>, format: Format) {
        let mut bytes = Vec::new();
        if let Err(e) = reader.read_to_end(&mut bytes) {
            let err = self.error(None, format!("cannot read: {e}"));
            self.state = State::Queue(vec![Err(err)].into_iter());
            return;
        }
        let decoded = match format {
            // Pages declare their own charset; other sources must be UTF-8.
            Format::Html => decode_html(&bytes, None).map_err(|e| e.0),
            _ => decode(&bytes),
        };
        let docs = match decoded {
            Err(message) => vec![Err(self.error(None, message))],
            Ok(text) => self.documents_of(text, format),
        };
        self.state = State::Queue(docs.into_iter());
    }

    fn documents_of(&self, text: String, format: Format) -> Vec<Result<InputDoc, InputError>> {
        let single = |content| InputDoc {
            id: self.stem.clone(),
            content,
            ..Default::default()
        };
        match format {
            Format::Text => vec![Ok(single(Content::Text(text)))],
            Format::Html => vec![Ok(single(Content::Html(text)))],
            Format::Json | Format::Jsonl | Format::Warc => self.json_documents(&text),
        }
    }

    /// A JSON record (its id defaults to the file name) or an array of records.
    fn json_documents(&self, text: &str) -> Vec<Result<InputDoc, InputError>> {
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => return vec![Err(self.error(Some(e.line()), json_message(&e)))],
        };
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    record(v).map_err(|m| self.error(None, format!("record {}: {m}", i + 1)))
                })
                .collect(),
            v => vec![record(v)
                .map(|mut doc| {
                    doc.id = doc.id.or_else(|| self.stem.clone());
                    doc
                })
                .map_err(|m| self.error(None, m))],
        }
    }

    /// The next record of a JSON Lines source; blank lines are skipped.
    fn next_line(&mut self) -> Option<Result<InputDoc, InputError>> {
        let State::Lines { reader, line } = &mut self.state else {
            return None;
        };
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(_) => *line += 1,
                Err(e) => {
                    let at = *line + 1;
                    self.state = State::Done;
                    return Some(Err(self.error(Some(at), format!("cannot read: {e}"))));
                }
            }
            let bytes = buf.strip_prefix(BOM).unwrap_or(&buf);
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let at = *line;
            let parsed = std::str::from_utf8(bytes)
                .map_err(|e| utf8_message(e.valid_up_to()))
                .and_then(|text| {
                    let value = serde_json::from_str(text).map_err(|e| json_message(&e))?;
                    record(value)
                });
            return Some(parsed.map_err(|m| self.error(Some(at), m)));
        }
    }
}

impl Iterator for Documents {
    type Item = Result<InputDoc, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Whole(reader, format) => self.read_whole(reader, format),
                State::Lines { reader, line } => {
                    self.state = State::Lines { reader, line };
                    let item = self.next_line();
                    if item.is_none() {
                        self.state = State::Done;
                    }
                    return item;
                }
                State::Warc(mut pages) => {
                    let item = pages.next();
                    let origin = self.origin.clone();
                    self.state = State::Warc(pages);
                    return item.map(|r| {
                        r.map_err(|message| InputError {
                            origin,
                            line: None,
                            message,
                        })
                    });
                }
                State::Queue(mut items) => {
                    let item = items.next();
                    if item.is_some() {
                        self.state = State::Queue(items);
                    }
                    return item;
                }
                State::Done => return None,
            }
        }
    }
}

/// The text of a single-document source, without a byte-order mark.
fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(utf8_message(e.valid_up_to())),
    }
}

fn utf8_message(byte: usize) -> String {
    format!(
        "not valid UTF-8 at byte {byte}; convert to UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"
    )
}

/// serde_json's message without its own "at line L column C" (the line is reported separately).
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let what = full.split(" at line ").next().unwrap_or(&full);
    format!("invalid JSON: {what} (column {})", e.column())
}

/// One JSONL/JSON record.
#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    id: Value,
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
}

/// A record `{"id", "text" | "html", "url", "published", "publisher"}` as an input document.
/// When both are given, `text` wins: it is usually the cleaned body of `html`.
fn record(value: Value) -> Result<InputDoc, String> {
    if !value.is_object() {
        return Err(format!("expected a JSON object, found {}", kind_of(&value)));
    }
    let r: Record = serde_json::from_value(value).map_err(|e| format!("bad field: {e}"))?;
    let id = match r.id {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        other => {
            return Err(format!(
                "\"id\" must be a string or a number, found {}",
                kind_of(&other)
            ))
        }
    };
    let content = match (r.text, r.html) {
        (Some(text), _) => Content::Text(text),
        (None, Some(html)) => Content::Html(html),
        (None, None) => return Err("record has neither \"text\" nor \"html\"".to_string()),
    };
    Ok(InputDoc {
        id,
        content,
        url: r.url,
        published: r.published,
        publisher: r.publisher,
        fetched: None,
    })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8], format: Option<Format>) -> Vec<Result<InputDoc, InputError>> {
        from_reader(
            "t",
            Cursor::new(bytes.to_vec()),
            format,
            Some("stem".into()),
        )
        .unwrap()
        .collect()
    }

    fn text_of(doc: &InputDoc) -> &str {
        doc.content.raw()
    }

    #[test]
    fn sniffs_formats() {
        assert_eq!(Format::sniff(b""), Format::Text);
        assert_eq!(Format::sniff(b"  \n{\"text\":\"a\"}\n"), Format::Jsonl);
        assert_eq!(Format::sniff(b"{\n  \"text\": \"a\"\n}"), Format::Json);
        assert_eq!(Format::sniff(b"[{}]"), Format::Json);
        assert_eq!(Format::sniff(b"\xef\xbb\xbf<!doctype html>"), Format::Html);
        assert_eq!(Format::sniff(b"Ferreira said"), Format::Text);
        assert_eq!(
            Format::from_path(Path::new("a/b.NDJSON")),
            Some(Format::Jsonl)
        );
        assert_eq!(Format::from_path(Path::new("a/b")), None);
    }

    #[test]
    fn text_is_one_document_named_by_the_file() {
        let docs = read("\u{feff}Hello.".as_bytes(), None);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.id.as_deref(), Some("stem"));
        assert_eq!(text_of(doc), "Hello.");
        let empty = read(b"", None);
        assert_eq!(empty.len(), 1);
        assert_eq!(text_of(empty[0].as_ref().unwrap()), "");
    }

    #[test]
    fn invalid_utf8_is_a_clear_error() {
        let docs = read(b"caf\xe9 au lait", Some(Format::Text));
        let err = docs[0].as_ref().unwrap_err();
        assert_eq!(err.line, None);
        assert!(
            err.to_string().starts_with("t: not valid UTF-8 at byte 3;"),
            "{err}"
        );
    }

    #[test]
    fn jsonl_reports_bad_lines_and_goes_on() {
        let input = b"{\"id\":\"a\",\"text\":\"A.\"}\n\n{\"id\": broken\n{\"id\":7,\"html\":\"<p>B.</p>\",\"published\":\"2022-02-08\"}\n{\"url\":\"u\"}\n[1]\n\xff\n";
        let docs = read(input, None);
        assert_eq!(docs.len(), 6);
        assert_eq!(docs[0].as_ref().unwrap().id.as_deref(), Some("a"));
        let e = docs[1].as_ref().unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.starts_with("invalid JSON"), "{e}");
        let b = docs[2].as_ref().unwrap();
        assert_eq!(b.id.as_deref(), Some("7"));
        assert!(matches!(b.content, Content::Html(_)));
        assert_eq!(b.published.as_deref(), Some("2022-02-08"));
        assert_eq!(docs[3].as_ref().unwrap_err().line, Some(5));
        assert!(docs[3].as_ref().unwrap_err().message.contains("neither"));
        assert!(docs[4].as_ref().unwrap_err().message.contains("an array"));
        assert!(docs[5].as_ref().unwrap_err().message.contains("UTF-8"));
    }

    #[test]
    fn json_record_or_array() {
        let docs = read(b"{\n \"text\": \"A.\"\n}\n", None);
        assert_eq!(docs[0].as_ref().unwrap().id.as_deref(), Some("stem"));
        let docs = read(
            br#"[{"text":"A."},{"id":"x"},{"id":"y","text":"C."}]"#,
            None,
        );
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].as_ref().unwrap().id, None);
        assert!(docs[1]
            .as_ref()
            .unwrap_err()
            .message
            .starts_with("record 2:"));
        let docs = read(b"{\n \"text\": \n", None);
        assert_eq!(docs[0].as_ref().unwrap_err().line, Some(3));
    }

    #[test]
    fn missing_file() {
        let err = open(Path::new("/nonexistent/x.txt")).err().unwrap();
        assert!(err
            .to_string()
            .starts_with("/nonexistent/x.txt: cannot open"));
    }
}
