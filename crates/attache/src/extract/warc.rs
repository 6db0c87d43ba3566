//! WARC archives (as Common Crawl writes them: gzip, one member per record, or plain) read one
//! record at a time with the `warc` crate, so an archive of any size runs in the memory of its
//! largest record. HTTP responses that carry HTML become documents (id: WARC-Record-ID, url:
//! WARC-Target-URI, fetched: WARC-Date); every other record is skipped and counted. A truncated
//! or unreadable record ends the archive with an error for that record.

use super::encoding::{charset_param, decode_html};
use super::{Content, InputDoc};
use std::io::{BufRead, BufReader, Read};
use warc::{RecordType, WarcHeader, WarcReader};

/// Records larger than this are skipped: no news page is 64 MB of HTML.
const MAX_PAGE_BYTES: usize = 64 << 20;

/// What the reader met, for the end-of-run summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WarcStats {
    pub records: usize,
    /// HTML responses turned into documents (including those that failed to decode).
    pub pages: usize,
    /// Records that are not HTML responses (requests, metadata, images, …).
    pub skipped: usize,
    /// Records that could not be read (truncated, malformed headers).
    pub broken: usize,
}

impl WarcStats {
    pub fn summary(&self) -> String {
        format!(
            "{} WARC records: {} HTML pages, {} other records skipped, {} unreadable",
            self.records, self.pages, self.skipped, self.broken
        )
    }
}

type Records = warc::RecordIter<BufReader<Box<dyn Read + Send>>>;

/// The HTML pages of one archive, in order. Errors are per record: `Err(message)`.
pub struct WarcPages {
    records: Option<Records>,
    pub stats: WarcStats,
}

impl WarcPages {
    /// Reads `reader`, gunzipping it when it starts with the gzip magic bytes.
    pub fn new(reader: impl Read + Send + 'static) -> std::io::Result<Self> {
        let mut buffered = BufReader::new(reader);
        let gzipped = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let inner: Box<dyn Read + Send> = if gzipped {
            Box::new(flate2::read::MultiGzDecoder::new(buffered))
        } else {
            Box::new(buffered)
        };
        let records = WarcReader::new(BufReader::new(inner)).iter_records();
        Ok(WarcPages {
            records: Some(records),
            stats: WarcStats::default(),
        })
    }
}

impl Iterator for WarcPages {
    type Item = Result<InputDoc, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let record = self.records.as_mut()?.next()?;
            self.stats.records += 1;
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    // The reader cannot find the next record boundary after a broken one.
                    self.records = None;
                    self.stats.broken += 1;
                    let n = self.stats.records;
                    return Some(Err(format!("WARC record {n}: {e} (archive ends here)")));
                }
            };
            if *record.warc_type() != RecordType::Response {
                self.stats.skipped += 1;
                continue;
            }
            let Some(http) = HttpResponse::parse(record.body()) else {
                self.stats.skipped += 1;
                continue;
            };
            if !http.is_html() || http.body.len() > MAX_PAGE_BYTES {
                self.stats.skipped += 1;
                continue;
            }
            self.stats.pages += 1;
            return Some(page(&record, &http));
        }
    }
}

fn page(
    record: &warc::Record<warc::BufferedBody>,
    http: &HttpResponse,
) -> Result<InputDoc, String> {
    let id = record.warc_id().to_string();
    let html =
        decode_html(http.body, http.charset()).map_err(|e| format!("WARC record {id}: {}", e.0))?;
    Ok(InputDoc {
        id: Some(id),
        content: Content::Html(html),
        url: record.header(WarcHeader::TargetURI).map(|u| u.into_owned()),
        fetched: Some(record.date().format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        ..Default::default()
    })
}

/// The parts of an HTTP response record that matter here.
struct HttpResponse<'a> {
    content_type: Option<String>,
    body: &'a [u8],
}

impl<'a> HttpResponse<'a> {
    /// Status line and headers up to the blank line, then the payload.
    fn parse(bytes: &'a [u8]) -> Option<Self> {
        let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&bytes[..end]);
        if !head.starts_with("HTTP/") {
            return None;
        }
        let content_type = head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-type")
                .then(|| v.trim().to_string())
        });
        Some(HttpResponse {
            content_type,
            body: &bytes[end + 4..],
        })
    }

    /// HTML by its declared type; an undeclared type is sniffed from the first bytes.
    fn is_html(&self) -> bool {
        match &self.content_type {
            Some(t) => {
                let t = t.to_ascii_lowercase();
                t.starts_with("text/html") || t.starts_with("application/xhtml")
            }
            None => {
                let head = String::from_utf8_lossy(&self.body[..self.body.len().min(512)]);
                let head = head.trim_start().to_ascii_lowercase();
                head.starts_with("<!doctype html") || head.starts_with("<html")
            }
        }
    }

    fn charset(&self) -> Option<&str> {
        self.content_type.as_deref().and_then(charset_param)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// One WARC record as bytes.
    fn record(kind: &str, id: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
             WARC-Date: 2024-03-05T18:30:00Z\r\nWARC-Target-URI: {uri}\r\n\
             Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn response(content_type: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
        r.extend_from_slice(body);
        r
    }

    fn gzip_member(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    const ID1: &str = "00000000-0000-0000-0000-000000000001";

    /// An archive as Common Crawl writes it: one gzip member per record; a request, an image,
    /// a latin-1 page, and a final page cut off mid-record.
    fn archive() -> Vec<u8> {
        let page = b"<html><head><title>Bridge</title></head><body><p>The caf\xe9 \
                     opened on Tuesday, the council said.</p></body></html>";
        let records = [
            record(
                "request",
                "00000000-0000-0000-0000-000000000000",
                "http://x.test/a",
                b"GET /a HTTP/1.1\r\n\r\n",
            ),
            record(
                "response",
                ID1,
                "http://x.test/a",
                &response("text/html; charset=iso-8859-1", page),
            ),
            record(
                "response",
                "00000000-0000-0000-0000-000000000002",
                "http://x.test/i.png",
                &response("image/png", b"\x89PNG\r\n"),
            ),
        ];
        let mut out: Vec<u8> = records.iter().flat_map(|r| gzip_member(r)).collect();
        let last = record(
            "response",
            "00000000-0000-0000-0000-000000000003",
            "http://x.test/b",
            &response("text/html", b"<p>cut</p>"),
        );
        out.extend(gzip_member(&last[..last.len() - 12]));
        out
    }

    #[test]
    fn reads_html_responses_and_counts_the_rest() {
        let mut pages = WarcPages::new(std::io::Cursor::new(archive())).unwrap();
        let first = pages.next().unwrap().unwrap();
        assert_eq!(
            first.id.as_deref(),
            Some(format!("<urn:uuid:{ID1}>").as_str())
        );
        assert_eq!(first.url.as_deref(), Some("http://x.test/a"));
        assert_eq!(first.fetched.as_deref(), Some("2024-03-05T18:30:00Z"));
        assert!(first.content.raw().contains("The café opened"));
        let truncated = pages.next().unwrap().unwrap_err();
        assert!(truncated.contains("archive ends here"), "{truncated}");
        assert!(pages.next().is_none());
        assert_eq!(
            pages.stats,
            WarcStats {
                records: 4,
                pages: 1,
                skipped: 2,
                broken: 1
            }
        );
    }

    #[test]
    fn plain_warc_and_binary_served_as_html() {
        let bin = record(
            "response",
            ID1,
            "http://x.test/z",
            &response("text/html", b"\x00\x01\x02\x03binary"),
        );
        let mut pages = WarcPages::new(std::io::Cursor::new(bin)).unwrap();
        let err = pages.next().unwrap().unwrap_err();
        assert!(err.contains("binary"), "{err}");
        assert!(pages.next().is_none());
        let mut empty = WarcPages::new(std::io::Cursor::new(Vec::new())).unwrap();
        assert!(empty.next().is_none());
    }

    /// Thousands of records stream through one at a time: the reader never holds more than the
    /// current record (the memory check itself is `bench/extraction.sh`'s job, not a unit test).
    #[test]
    fn many_records_stream() {
        let page = response("text/html", b"<p>Short story, told in one line here.</p>");
        let one = gzip_member(&record("response", ID1, "http://x.test/", &page));
        let archive: Vec<u8> = std::iter::repeat_n(one, 2000).flatten().collect();
        let pages = WarcPages::new(std::io::Cursor::new(archive)).unwrap();
        assert_eq!(pages.filter(|p| p.is_ok()).count(), 2000);
    }
}
