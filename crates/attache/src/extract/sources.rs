//! Finding the documents of a corpus: command-line paths (files, folders searched recursively,
//! glob patterns) → [`SourceFile`]s, each opened as a stream of documents.
//!
//! A source's kind comes from its name: `.txt`, `.html`, `.json`, `.jsonl` (see [`input`]),
//! optionally gzip-compressed (`.jsonl.gz`, …), and `.warc` / `.warc.gz` (the HTML responses
//! of the archive, read record by record by [`super::warc`]). A new container format plugs in
//! as a [`SourceKind`] variant and an arm of [`SourceFile::open`].

use super::input::{self, Documents, Format, InputError};
use flate2::bufread::MultiGzDecoder;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// How a source file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// One of the formats [`input`] reads; None means "sniff the first bytes".
    Documents(Option<Format>),
    /// A web archive, gzipped or not (the WARC reader recognises gzip itself).
    Warc,
}

/// One file of a corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub kind: SourceKind,
    pub gzip: bool,
}

impl SourceFile {
    /// What a file's name says it is; None for names that promise no known format.
    pub fn classify(path: &Path) -> Option<SourceFile> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let (name, gzip) = match name.strip_suffix(".gz") {
            Some(inner) => (inner.to_string(), true),
            None => (name, false),
        };
        let kind = if name.ends_with(".warc") {
            SourceKind::Warc
        } else {
            SourceKind::Documents(Some(Format::from_path(Path::new(&name))?))
        };
        Some(SourceFile {
            path: path.to_path_buf(),
            kind,
            gzip,
        })
    }

    /// A file named explicitly: known by its name, else sniffed.
    fn explicit(path: &Path) -> SourceFile {
        SourceFile::classify(path).unwrap_or(SourceFile {
            path: path.to_path_buf(),
            kind: SourceKind::Documents(None),
            gzip: false,
        })
    }

    /// The documents of this source, read lazily.
    pub fn open(&self) -> Result<Documents, InputError> {
        let origin = self.path.display().to_string();
        let format = match self.kind {
            // Common Crawl gzips each record separately; the WARC reader gunzips by itself.
            SourceKind::Warc => return input::open(&self.path),
            SourceKind::Documents(format) => format,
        };
        if !self.gzip {
            return input::open(&self.path);
        }
        let file = File::open(&self.path).map_err(|e| InputError {
            origin: origin.clone(),
            line: None,
            message: format!("cannot open: {e}"),
        })?;
        let stem = self.stem();
        let reader = gunzip(BufReader::new(file));
        input::from_reader(origin, reader, format, stem)
    }

    /// The file name without its format extensions: the id of a single-document source.
    fn stem(&self) -> Option<String> {
        let name = self.path.file_name()?.to_string_lossy().into_owned();
        Some(name.split('.').next().unwrap_or(&name).to_string())
    }
}

/// Decompresses gzip, including files made of several gzip members (as `cat a.gz b.gz` and
/// WARC writers produce).
pub fn gunzip<R: BufRead>(reader: R) -> impl Read {
    MultiGzDecoder::new(reader)
}

/// What a list of command-line paths expands to.
#[derive(Debug, Default)]
pub struct Expansion {
    /// Readable sources, in a stable order (sorted within each folder and glob).
    pub files: Vec<SourceFile>,
    /// Files found inside folders whose names promise no known format (left alone).
    pub ignored: Vec<PathBuf>,
    /// Arguments that name nothing: `path: reason`.
    pub missing: Vec<String>,
}

/// Expands files, folders (recursively) and glob patterns into source files.
pub fn expand(args: &[PathBuf]) -> Expansion {
    let mut out = Expansion::default();
    for arg in args {
        if arg.exists() {
            add_path(arg, true, &mut out);
        } else if let Some(pattern) = arg.to_str().filter(|s| s.contains(['*', '?', '['])) {
            add_glob(pattern, &mut out);
        } else {
            out.missing
                .push(format!("{}: no such file or directory", arg.display()));
        }
    }
    out
}

fn add_glob(pattern: &str, out: &mut Expansion) {
    let paths = match glob::glob(pattern) {
        Ok(paths) => paths,
        Err(e) => return out.missing.push(format!("{pattern}: bad pattern: {e}")),
    };
    let mut matched: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
    if matched.is_empty() {
        out.missing.push(format!("{pattern}: matches nothing"));
    }
    matched.sort();
    for path in matched {
        add_path(&path, false, out);
    }
}

/// A file named on the command line is read whatever its name; inside a folder (or a glob)
/// only files with a known extension are.
fn add_path(path: &Path, explicit: bool, out: &mut Expansion) {
    if path.is_dir() {
        return add_dir(path, out);
    }
    match SourceFile::classify(path) {
        Some(source) => out.files.push(source),
        None if explicit => out.files.push(SourceFile::explicit(path)),
        None => out.ignored.push(path.to_path_buf()),
    }
}

fn add_dir(dir: &Path, out: &mut Expansion) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return out.missing.push(format!("{}: {e}", dir.display())),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if !hidden {
            add_path(&path, false, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    #[test]
    fn names_decide_the_kind() {
        let kind = |p: &str| SourceFile::classify(Path::new(p)).map(|s| (s.kind, s.gzip));
        let docs = |f| SourceKind::Documents(Some(f));
        assert_eq!(kind("a/b.txt"), Some((docs(Format::Text), false)));
        assert_eq!(kind("b.JSONL.gz"), Some((docs(Format::Jsonl), true)));
        assert_eq!(kind("c.warc.gz"), Some((SourceKind::Warc, true)));
        assert_eq!(kind("d.warc"), Some((SourceKind::Warc, false)));
        assert_eq!(kind("e.png"), None);
        assert_eq!(kind("f.gz"), None);
    }

    #[test]
    fn folders_globs_and_gzip() {
        let dir = std::env::temp_dir().join(format!("attache-sources-{}", std::process::id()));
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("a.txt"), "Alpha.").unwrap();
        fs::write(dir.join("notes.md"), "ignored").unwrap();
        fs::write(dir.join("sub/c.warc"), "").unwrap();
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"{\"id\":\"x\",\"text\":\"X.\"}\n{\"id\":\"y\",\"text\":\"Y.\"}\n")
            .unwrap();
        fs::write(dir.join("sub/b.jsonl.gz"), gz.finish().unwrap()).unwrap();

        let found = expand(&[dir.clone(), dir.join("nothing-here")]);
        let names: Vec<_> = found.files.iter().map(|s| s.path.clone()).collect();
        assert_eq!(
            names,
            [
                dir.join("a.txt"),
                dir.join("sub/b.jsonl.gz"),
                dir.join("sub/c.warc")
            ]
        );
        assert_eq!(found.ignored, [dir.join("notes.md")]);
        assert_eq!(found.missing.len(), 1);

        let ids: Vec<_> = found.files[1]
            .open()
            .unwrap()
            .map(|d| d.unwrap().id.unwrap())
            .collect();
        assert_eq!(ids, ["x", "y"]);
        // An empty archive holds no pages (and is no error).
        let warc = found.files[2].open().unwrap();
        assert_eq!(warc.count(), 0);

        let globbed = expand(&[dir.join("*.txt")]);
        assert_eq!(globbed.files.len(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
