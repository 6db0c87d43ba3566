//! Loading the three extraction dev sets as they are laid out under `../shared/data/extraction`.

use crate::eval::{read_file, EvalError};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One page to extract and what the gold says about it. Fields the set does not annotate are
/// `None`.
#[derive(Debug, Clone, Default)]
pub struct GoldPage {
    pub id: String,
    pub url: Option<String>,
    pub html_path: PathBuf,
    pub body: Option<String>,
    pub title: Option<String>,
    pub authors: Option<String>,
    /// `YYYY-MM-DD`; for htmldate `None` means "the page has no date".
    pub date: Option<String>,
}

impl GoldPage {
    /// The page's bytes, gunzipped when the file name ends in `.gz`.
    pub fn read_html(&self) -> Result<Vec<u8>, EvalError> {
        let io = |source| EvalError::Io {
            path: self.html_path.clone(),
            source,
        };
        let raw = std::fs::read(&self.html_path).map_err(io)?;
        if self.html_path.extension().is_some_and(|e| e == "gz") {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(&raw[..])
                .read_to_end(&mut out)
                .map_err(io)?;
            return Ok(out);
        }
        Ok(raw)
    }
}

fn json(path: &Path, what: &'static str) -> Result<Value, EvalError> {
    let text = read_file(path)?;
    // htmldate's gold writes a missing date as Python's bare `NaN`, which is not JSON.
    let text = text.replace(": NaN", ": null");
    serde_json::from_str(&text).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        what,
        source,
    })
}

fn string(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// AEB: `ground-truth.json` maps a page hash to `{articleBody, url}`; pages are `html/<hash>.html.gz`.
pub fn aeb(dir: &Path) -> Result<Vec<GoldPage>, EvalError> {
    let gold = json(&dir.join("ground-truth.json"), "AEB ground truth")?;
    let Value::Object(map) = gold else {
        return Err(EvalError::Input(format!(
            "{}: expected an object",
            dir.display()
        )));
    };
    let mut pages: Vec<GoldPage> = map
        .into_iter()
        .map(|(id, v)| GoldPage {
            html_path: dir.join("html").join(format!("{id}.html.gz")),
            url: string(&v["url"]),
            body: Some(string(&v["articleBody"]).unwrap_or_default()),
            id,
            ..Default::default()
        })
        .collect();
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

/// WCXB: `ground-truth/NNNN.json` with `url` and `ground_truth.{main_content, title, author,
/// publish_date}`; pages are `html/NNNN.html.gz`.
pub fn wcxb(dir: &Path) -> Result<Vec<GoldPage>, EvalError> {
    let mut pages = Vec::new();
    for path in sorted_files(&dir.join("ground-truth"), "json")? {
        let v = json(&path, "WCXB ground truth")?;
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let gt = &v["ground_truth"];
        let nonempty = |v: &Value| string(v).filter(|s| !s.trim().is_empty());
        pages.push(GoldPage {
            html_path: dir.join("html").join(format!("{id}.html.gz")),
            url: string(&v["url"]),
            body: Some(string(&gt["main_content"]).unwrap_or_default()),
            title: nonempty(&gt["title"]),
            authors: nonempty(&gt["author"]),
            date: nonempty(&gt["publish_date"]).map(|d| d.chars().take(10).collect()),
            id,
        });
    }
    Ok(pages)
}

/// htmldate: `eval_*.json` map a URL to `{file, date}`; pages are `html/<file>`.
pub fn htmldate(dir: &Path) -> Result<Vec<GoldPage>, EvalError> {
    let mut pages = Vec::new();
    for path in sorted_files(dir, "json")? {
        let Value::Object(map) = json(&path, "htmldate gold")? else {
            continue;
        };
        for (url, v) in map {
            let Some(file) = v["file"].as_str() else {
                continue;
            };
            pages.push(GoldPage {
                id: file.to_string(),
                html_path: dir.join("html").join(file),
                date: string(&v["date"]),
                url: Some(url),
                ..Default::default()
            });
        }
    }
    Ok(pages)
}

fn sorted_files(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    Ok(files)
}
