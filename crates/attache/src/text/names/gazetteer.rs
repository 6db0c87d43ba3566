//! Compact gazetteer: phrases (lowercased words) → the kinds of name they are, stored as
//! hashes. Built at training time from GeoNames country info, the PETRARCH/Phoenix actor
//! dictionaries and attache's own resources; the model file keeps only the hashes.

use crate::text::perceptron::{hash_str, mix, FeatureMap};
use std::path::PathBuf;

/// Bits of a gazetteer entry.
pub mod bit {
    pub const PERSON: u8 = 1;
    pub const ORGANIZATION: u8 = 2;
    pub const LOCATION: u8 = 4;
    /// A word or phrase naming an office ("president", "prime minister").
    pub const TITLE: u8 = 8;
    /// A nationality adjective ("French"), which UNER leaves outside names.
    pub const DEMONYM: u8 = 16;
    pub const ALL: [u8; 5] = [PERSON, ORGANIZATION, LOCATION, TITLE, DEMONYM];
}

/// Longest phrase, in words, that the gazetteer keeps.
pub const MAX_WORDS: usize = 6;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gazetteer {
    pub(super) phrases: FeatureMap<u8>,
}

/// The gazetteer hits of one word: the kinds of the longest phrase covering it, and whether it
/// starts that phrase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hit {
    pub bits: u8,
    pub begins: bool,
}

pub(super) fn phrase_key<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    words
        .into_iter()
        .fold(0x4741_5a, |h, w| mix(h, hash_str(&w.to_lowercase())))
}

impl Gazetteer {
    pub fn insert(&mut self, phrase: &str, bits: u8) {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        if words.is_empty() || words.len() > MAX_WORDS {
            return;
        }
        *self.phrases.entry(phrase_key(words)).or_default() |= bits;
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Greedy longest matches from left to right; words outside every phrase get no bits.
    pub fn hits(&self, words: &[&str]) -> Vec<Hit> {
        let lower: Vec<u64> = words.iter().map(|w| hash_str(&w.to_lowercase())).collect();
        let mut hits = vec![Hit::default(); words.len()];
        let mut i = 0;
        while i < words.len() {
            let mut best = None;
            let mut key = 0x4741_5a;
            for (len, &h) in lower[i..].iter().take(MAX_WORDS).enumerate() {
                key = mix(key, h);
                if let Some(&bits) = self.phrases.get(&key) {
                    best = Some((len + 1, bits));
                }
            }
            match best {
                Some((len, bits)) => {
                    for (k, hit) in hits[i..i + len].iter_mut().enumerate() {
                        *hit = Hit {
                            bits,
                            begins: k == 0,
                        };
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
        hits
    }
}

/// Where the gazetteer's sources live.
#[derive(Debug, Clone)]
pub struct GazetteerSources {
    /// `../shared/data` (geo/, petrarch/).
    pub data: PathBuf,
    /// The project's `resources/` (gazetteer.tsv, titles.txt, demonyms.tsv).
    pub resources: PathBuf,
}

impl GazetteerSources {
    /// Read every source; a missing file is an error that names it.
    pub fn build(&self) -> std::io::Result<Gazetteer> {
        let mut g = Gazetteer::default();
        let read = |p: PathBuf| {
            std::fs::read_to_string(&p)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))
        };
        countries(
            &read(self.data.join("geo/geonames_countryInfo.txt"))?,
            &mut g,
        );
        let petrarch = self.data.join("petrarch");
        phoenix(
            &read(petrarch.join("Phoenix.Countries.actors.txt"))?,
            true,
            &mut g,
        );
        phoenix(
            &read(petrarch.join("Phoenix.International.actors.txt"))?,
            false,
            &mut g,
        );
        phoenix(
            &read(petrarch.join("Phoenix.MilNonState.actors.txt"))?,
            false,
            &mut g,
        );
        own_gazetteer(&read(self.resources.join("gazetteer.tsv"))?, &mut g);
        for line in data_lines(&read(self.resources.join("titles.txt"))?) {
            g.insert(line, bit::TITLE);
        }
        for line in data_lines(&read(self.resources.join("demonyms.tsv"))?) {
            g.insert(line.split('\t').next().unwrap_or(""), bit::DEMONYM);
        }
        Ok(g)
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// GeoNames countryInfo: column 5 is the country name, column 6 its capital.
fn countries(text: &str, g: &mut Gazetteer) {
    for line in data_lines(text) {
        let cols: Vec<&str> = line.split('\t').collect();
        for col in [4, 5] {
            if let Some(name) = cols.get(col) {
                g.insert(name.trim(), bit::LOCATION);
            }
        }
    }
}

/// attache's gazetteer.tsv: surface form, type (GPE|LOC|ORG), …
fn own_gazetteer(text: &str, g: &mut Gazetteer) {
    for line in data_lines(text) {
        let mut cols = line.split('\t');
        let (Some(name), Some(kind)) = (cols.next(), cols.next()) else {
            continue;
        };
        let bits = match kind {
            "ORG" => bit::ORGANIZATION,
            _ => bit::LOCATION,
        };
        g.insert(name, bits);
    }
}

/// PETRARCH/Phoenix actor dictionaries: an entry line (`NAME_WITH_UNDERSCORES_ [CODE …]`),
/// `+SYNONYM` lines, and indented code lines. Entries whose codes carry date ranges are people
/// (office holders); in the country file a bare three-letter code marks the country itself and
/// its places; other entries of the international and non-state files are organisations.
fn phoenix(text: &str, country_file: bool, g: &mut Gazetteer) {
    let mut names: Vec<String> = Vec::new();
    let mut codes = String::new();
    let mut flush = |names: &mut Vec<String>, codes: &mut String| {
        if let Some(bits) = phoenix_kind(codes, country_file) {
            for n in names.iter() {
                g.insert(n, bits);
            }
        }
        names.clear();
        codes.clear();
    };
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("");
        if line.trim().is_empty() {
            continue;
        }
        let starts_entry = !line.starts_with([' ', '\t', '+', '[']);
        if starts_entry {
            flush(&mut names, &mut codes);
        }
        let body = line.trim().trim_start_matches('+');
        let (name, rest) = body.split_once(['[', '\t', ' ']).unwrap_or((body, ""));
        if !name.is_empty() && !line.trim_start().starts_with('[') {
            names.push(name.replace('_', " ").trim().to_string());
        }
        if let Some(at) = line.find('[') {
            codes.push_str(&line[at..]);
            codes.push(' ');
        } else {
            codes.push_str(rest);
        }
    }
    flush(&mut names, &mut codes);
}

fn phoenix_kind(codes: &str, country_file: bool) -> Option<u8> {
    let dated = codes.split('[').skip(1).any(|c| {
        let inner = c.split(']').next().unwrap_or("");
        inner.contains(' ') && inner.chars().any(|ch| ch.is_ascii_digit())
    });
    if dated {
        return Some(bit::PERSON);
    }
    if country_file {
        let country = codes.split('[').skip(1).any(|c| {
            let inner = c.split(']').next().unwrap_or("").trim();
            inner.len() == 3 && inner.chars().all(|ch| ch.is_ascii_uppercase())
        });
        return country.then_some(bit::LOCATION);
    }
    Some(bit::ORGANIZATION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_phoenix_entries() {
        let text = "AFGHANISTAN_  [AFG]\n+KABUL_\nAHMED_ZIA_MASSOUD_\n\t[AFGGOV 20041207-20091119]\n\t[AFGELI]\nTALIBAN_ [AFGINS]\n";
        let mut g = Gazetteer::default();
        phoenix(text, true, &mut g);
        let hits = g.hits(&["in", "Kabul", ",", "Ahmed", "Zia", "Massoud", "said"]);
        assert_eq!(hits[1].bits, bit::LOCATION);
        assert_eq!(hits[3].bits, bit::PERSON);
        assert!(hits[3].begins && !hits[4].begins);
        assert_eq!(hits[6].bits, 0);
    }
}
