//! Actors stage: CAMEO actor codes for entities ("Ana Ferreira" → FRAGOV).
//!
//! Three sources, in order: the dictionaries (the project gazetteer, then the compiled
//! PETRARCH/Phoenix actor dictionary, whose codes depend on the publication date); the words
//! that describe the entity where it is named — titles and affiliations before a name ("French
//! President …", "Kremlin spokesman …", "the French weekly …") or an apposition after it
//! ("…, Ukraine's opposition leader,"); and the office titles coreference attached to it
//! ("the Russian president"). Every mention of the entity shares its code.
//!
//! The compiled resources live in `resources/actors/` (see its README) and are parsed on
//! first use. [`Dictionary`] can also be built from other PETRARCH-format files at run time
//! (the PETRARCH validation suite uses its own fictional actors).

pub mod build;
mod infer;
pub mod tabari;

pub use infer::{assign, describe_words, Description};

use crate::calendar::Day;
use crate::model::ActorCode;
use std::collections::HashMap;
use std::sync::LazyLock;
use tabari::{ActorEntry, DatedCode};

/// Where a code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Dictionary,
    Title,
    Apposition,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Dictionary => "dictionary",
            Basis::Title => "title",
            Basis::Apposition => "apposition",
        }
    }
}

/// Actor phrases → dated codes, and agent phrases → roles.
#[derive(Debug, Default)]
pub struct Dictionary {
    names: HashMap<String, usize>,
    codes: Vec<Vec<DatedCode>>,
    roles: HashMap<String, String>,
}

impl Dictionary {
    /// Earlier entries win when two list the same phrase.
    pub fn new(entries: Vec<ActorEntry>, agents: Vec<(String, String)>) -> Self {
        let mut d = Dictionary::default();
        for e in entries {
            let i = d.codes.len();
            for n in e.names {
                d.names.entry(n).or_insert(i);
            }
            d.codes.push(e.codes);
        }
        for (p, r) in agents {
            d.roles.entry(p).or_insert(r);
        }
        d
    }

    /// The code of a name (any case, `_` or spaces) on `date`. A leading "the" is optional
    /// both ways: "the Kingdom" finds KINGDOM, and phrases listed with it ("THE SHIRE",
    /// "THE HAGUE") are found as written.
    pub fn lookup(&self, name: &str, date: Option<Day>) -> Option<&str> {
        let key = tabari::normalise(name);
        let i = self
            .names
            .get(&key)
            .or_else(|| self.names.get(key.strip_prefix("THE ")?))?;
        pick(&self.codes[*i], date)
    }

    /// The role code of an agent phrase ("foreign minister" → GOV).
    pub fn role(&self, phrase: &str) -> Option<&str> {
        self.roles
            .get(&tabari::normalise(phrase))
            .map(String::as_str)
    }
}

/// The code valid on `date`: a dated code whose span holds it, else the undated default. With
/// no date, the current holder: an open-ended code, else the default, else the last listed.
fn pick(codes: &[DatedCode], date: Option<Day>) -> Option<&str> {
    let default = codes.iter().find(|c| c.from.is_none() && c.until.is_none());
    let chosen = match date {
        Some(d) => codes
            .iter()
            .find(|c| {
                (c.from.is_some() || c.until.is_some())
                    && c.from.is_none_or(|f| f <= d)
                    && c.until.is_none_or(|u| d <= u)
            })
            .or(default),
        None => codes
            .iter()
            .find(|c| c.from.is_some() && c.until.is_none())
            .or(default)
            .or(codes.last()),
    };
    chosen.map(|c| c.code.as_str())
}

/// The dictionary compiled from PETRARCH/Phoenix (`resources/actors/`).
pub fn embedded() -> &'static Dictionary {
    static DICT: LazyLock<Dictionary> = LazyLock::new(|| {
        Dictionary::new(
            parse_compiled_actors(include_str!("../../../../resources/actors/actors.tsv")),
            table(include_str!("../../../../resources/actors/agents.tsv"))
                .filter_map(|c| Some((c[0].to_string(), c.get(1)?.to_string())))
                .collect(),
        )
    });
    &DICT
}

fn table(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn parse_compiled_actors(tsv: &'static str) -> Vec<ActorEntry> {
    table(tsv)
        .filter_map(|cols| {
            let codes = cols[0].split(' ').filter_map(parse_compiled_code).collect();
            let names = cols.get(1)?.split('|').map(str::to_string).collect();
            Some(ActorEntry { names, codes })
        })
        .collect()
}

fn parse_compiled_code(s: &str) -> Option<DatedCode> {
    let Some((code, range)) = s.split_once(':') else {
        return Some(DatedCode {
            code: s.to_string(),
            from: None,
            until: None,
        });
    };
    let (from, until) = range.split_once('-')?;
    Some(DatedCode {
        code: code.to_string(),
        from: Day::parse_compact(from),
        until: Day::parse_compact(until),
    })
}

/// Roles the project assigns to descriptions itself, before PETRARCH's agents are consulted:
/// offices missing there, and media descriptors (`resources/actors/roles.tsv`).
pub fn own_role(phrase: &str) -> Option<&'static str> {
    static ROLES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
        table(include_str!("../../../../resources/actors/roles.tsv"))
            .filter_map(|c| Some((c[0], *c.get(1)?)))
            .collect()
    });
    ROLES.get(phrase.to_lowercase().as_str()).copied()
}

/// The role of a description: the project's own table, then the PETRARCH agents; a plural
/// ("officials", "ministries") takes the role of its singular.
pub fn role_of(phrase: &str) -> Option<&'static str> {
    let direct = |p: &str| own_role(p).or_else(|| embedded().role(p));
    direct(phrase).or_else(|| direct(&singular(phrase)?))
}

/// The singular of a plural phrase's last word, in the phrase's case: "officials" →
/// "official", "MINISTRIES" → "MINISTRY"; `None` when it does not end in "s".
pub fn singular(phrase: &str) -> Option<String> {
    let upper = phrase.ends_with(|c: char| c.is_ascii_uppercase());
    let (ies, y, s) = if upper {
        ("IES", "Y", 'S')
    } else {
        ("ies", "y", 's')
    };
    phrase
        .strip_suffix(ies)
        .map(|stem| format!("{stem}{y}"))
        .or_else(|| phrase.strip_suffix(s).map(str::to_string))
}

struct Country {
    name: &'static str,
    capital: &'static str,
}

static COUNTRIES: LazyLock<HashMap<&'static str, Country>> = LazyLock::new(|| {
    table(include_str!("../../../../resources/actors/countries.tsv"))
        .filter_map(|c| {
            let name = *c.get(1)?;
            let capital = c.get(2).copied().unwrap_or("");
            Some((c[0], Country { name, capital }))
        })
        .collect()
});

/// CAMEO region codes that stand where a country code would.
const REGIONS: &[&str] = &[
    "AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM", "MEA",
    "MDT", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SEA", "SCN", "WAF", "WST",
];

/// Whether a three-letter code is a country (ISO3) or CAMEO region.
pub fn is_country_code(code: &str) -> bool {
    COUNTRIES.contains_key(code) || REGIONS.contains(&code)
}

/// ISO3 code of a country named in full ("France"), or of its capital ("Paris").
pub fn country_by_name(name: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .filter(|(_, c)| c.name == name || c.capital == name)
        .map(|(code, _)| *code)
        .min()
}

/// Whether a canonical name is a country's own name (not a city or region in it).
/// ISO3 code of a country named in full ("France"); a hash lookup, for scanning every word.
pub fn country_named(name: &str) -> Option<&'static str> {
    static BY_NAME: LazyLock<HashMap<&'static str, &'static str>> =
        LazyLock::new(|| COUNTRIES.iter().map(|(code, c)| (c.name, *code)).collect());
    BY_NAME.get(name).copied()
}

pub fn is_country_name(name: &str) -> bool {
    COUNTRIES.values().any(|c| c.name == name)
}

/// Whether a canonical name is a country's capital, which news uses for its government
/// ("Berlin rejected the offer").
pub fn is_capital(name: &str) -> bool {
    COUNTRIES.values().any(|c| c.capital == name)
}

/// Split an actor code into its country (or region) and role parts: FRAGOV → (FRA, GOV);
/// MED → (None, MED); IGOUNO → (None, IGOUNO).
///
/// A republic of a former federation (YUGSRB, SCGMNE, USRUKR: the dictionary's codes for
/// Serbia, Montenegro or Ukraine while they belonged to one) is that republic's country, as
/// coders of today's news and the PLOVER gold code it: SCGMNE → (MNE, None).
pub fn split_code(code: &str) -> (Option<&str>, Option<&str>) {
    let head = code
        .get(..3)
        .filter(|h| code.len() >= 3 && is_country_code(h));
    let member = code
        .get(3..6)
        .filter(|_| code.get(..3).is_some_and(|h| FEDERATIONS.contains(&h)))
        .filter(|m| is_country_code(m));
    let rest = |at: usize| Some(&code[at..]).filter(|r| !r.is_empty());
    // Retired ISO codes the dictionary still uses: East Timor's TMP is TLS.
    if code.starts_with("TMP") {
        return (Some("TLS"), rest(3));
    }
    match (member, head) {
        (Some(m), _) => (Some(m), rest(6)),
        (None, Some(h)) => (Some(h), rest(3)),
        (None, None) => (None, Some(code)),
    }
}

/// Former federations whose codes the dictionary prefixes to their republics' (YUGSRB,
/// SCGMNE, USRKAZ).
const FEDERATIONS: &[&str] = &["YUG", "SCG", "USR"];

/// The country of a people's adjective or name ("Liberian", "Kyrgyz"): the project's
/// demonyms, else a word the actor dictionary lists under a bare country code, when it reads
/// as an adjective of origin (a city the dictionary lists under its country is no demonym).
pub fn demonym(word: &str) -> Option<&'static str> {
    if let Some(c) = crate::entities::lexicon::demonym(word) {
        return Some(c);
    }
    if !word.starts_with(char::is_uppercase) || !ADJECTIVE_ENDINGS.iter().any(|e| word.ends_with(e))
    {
        return None;
    }
    let code = embedded().lookup(word, None)?;
    let (country, role) = split_code(code);
    let (code, entry) = COUNTRIES.get_key_value(country.filter(|_| role.is_none())?)?;
    // The country's own name or its capital is no adjective ("Iran", "Tehran").
    (entry.name != word && entry.capital != word).then_some(*code)
}

/// The table's own spelling of a country code (for a `'static` copy).
pub fn country(code: &str) -> Option<&'static str> {
    COUNTRIES.get_key_value(code).map(|(k, _)| *k)
}

/// How adjectives of origin end in English ("Liberian", "Burmese", "Thai", "Kyrgyz", "Swiss",
/// "Danish", "Czech").
const ADJECTIVE_ENDINGS: &[&str] = &["an", "ese", "i", "yz", "ss", "ish", "ch", "ic", "ot"];

/// The country of a people named in the plural ("Algerians", "Kurds" after a demonym is
/// handled by the caller): the demonym of the singular.
pub fn people(word: &str) -> Option<&'static str> {
    demonym(word.strip_suffix('s')?)
}

/// The code of an acronym the dictionary lists only spelt out ("OSCE": the Organization for
/// Security and Co-operation in Europe; "PRC": the People's Republic of China): the initials of
/// a name's words of content, when they stand for one code only. Three letters at least.
pub fn acronym_code(acronym: &str) -> Option<&'static str> {
    static BY_INITIALS: LazyLock<HashMap<String, Option<usize>>> = LazyLock::new(|| {
        let d = embedded();
        let mut map: HashMap<String, Option<usize>> = HashMap::new();
        for (name, &i) in &d.names {
            // Bodies only: people's initials ("J F K") collide with every short acronym.
            if !name.split([' ', '-']).any(|w| BODY_WORDS.contains(&w)) {
                continue;
            }
            let initials: String = name
                .split([' ', '-'])
                .filter(|w| !matches!(*w, "OF" | "FOR" | "AND" | "THE" | "IN" | "ON" | "DE"))
                .filter_map(|w| w.chars().next())
                .collect();
            if initials.len() < 3 || !initials.chars().all(|c| c.is_ascii_uppercase()) {
                continue;
            }
            map.entry(initials)
                .and_modify(|e| {
                    let same = e.is_some_and(|j| d.codes[j] == d.codes[i]);
                    if !same {
                        *e = None
                    }
                })
                .or_insert(Some(i));
        }
        map
    });
    let is_acronym =
        acronym.len() >= 3 && acronym.len() <= 6 && acronym.chars().all(|c| c.is_ascii_uppercase());
    if !is_acronym {
        return None;
    }
    let i = (*BY_INITIALS.get(acronym)?)?;
    pick(&embedded().codes[i], None)
}

/// Words that make a name a body's ("Forces for …", "… Republic of …"), whose acronyms news
/// uses alone.
const BODY_WORDS: &[&str] = &[
    "ORGANIZATION",
    "ORGANISATION",
    "REPUBLIC",
    "UNION",
    "FRONT",
    "PARTY",
    "COUNCIL",
    "ASSOCIATION",
    "AGENCY",
    "COMMITTEE",
    "MOVEMENT",
    "ARMY",
    "FORCES",
    "FORCE",
    "BANK",
    "FUND",
    "COMMISSION",
    "LEAGUE",
    "CONGRESS",
    "ALLIANCE",
    "COMMUNITY",
    "FEDERATION",
    "INSTITUTE",
    "MINISTRY",
    "OFFICE",
    "NATIONS",
    "COURT",
    "ASSEMBLY",
    "SERVICE",
    "AUTHORITY",
    "CORPORATION",
    "CENTER",
    "CENTRE",
    "COOPERATION",
    "BUREAU",
    "GROUP",
];

/// The one country all the dictionary's people of a surname belong to ("BUSH": USA), for a
/// person the document names by surname and office only ("President Bush"). `None` when the
/// surname is unknown or shared across countries.
pub fn surname_country(surname: &str) -> Option<&'static str> {
    static BY_SURNAME: LazyLock<HashMap<String, Option<&'static str>>> = LazyLock::new(|| {
        let d = embedded();
        let mut map: HashMap<String, Option<&'static str>> = HashMap::new();
        for (name, &i) in &d.names {
            // People are listed by full name: two words at least, the last the surname.
            let Some((_, last)) = name.rsplit_once(' ') else {
                continue;
            };
            let countries = d.codes[i]
                .iter()
                .filter_map(|c| split_code(&c.code).0)
                .filter_map(country);
            for c in countries {
                map.entry(last.to_string())
                    .and_modify(|e| {
                        if *e != Some(c) {
                            *e = None
                        }
                    })
                    .or_insert(Some(c));
            }
        }
        map
    });
    BY_SURNAME
        .get(&tabari::normalise(surname))
        .copied()
        .flatten()
}

/// The output form of a code.
pub fn actor_code(code: &str, basis: Basis) -> ActorCode {
    let (country, role) = split_code(code);
    ActorCode {
        code: code.to_string(),
        country: country.map(str::to_string),
        role: role.map(str::to_string),
        basis: basis.as_str().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<Day> {
        Day::parse_iso(s)
    }

    #[test]
    fn codes_respect_dates() {
        let entries = tabari::parse_actors(
            "ELROND_\n+LORD_ELROND\n\t[RIVELI 19500101-20010101]\n\t[RIVGOV >20010102]\n\t[RIVELI]\n",
        );
        let d = Dictionary::new(entries, vec![]);
        assert_eq!(d.lookup("Lord Elrond", day("1990-05-01")), Some("RIVELI"));
        assert_eq!(d.lookup("ELROND", day("2010-05-01")), Some("RIVGOV"));
        assert_eq!(d.lookup("the Elrond", None), Some("RIVGOV"));
        assert_eq!(d.lookup("Elrond", day("1900-01-01")), Some("RIVELI"));
        let d = Dictionary::new(tabari::parse_actors("THE_VALE [VAL]\n"), vec![]);
        assert_eq!(d.lookup("the Vale", None), Some("VAL"));
        assert_eq!(d.lookup("Vale", None), None);
    }

    #[test]
    fn embedded_resources_load() {
        assert!(is_country_code("FRA"));
        assert_eq!(split_code("FRAGOV"), (Some("FRA"), Some("GOV")));
        assert_eq!(split_code("MED"), (None, Some("MED")));
        assert_eq!(split_code("SCGMNE"), (Some("MNE"), None));
        assert_eq!(split_code("YUGSRBGOV"), (Some("SRB"), Some("GOV")));
        assert_eq!(split_code("SCG"), (Some("SCG"), None));
        assert_eq!(split_code("TMPGOV"), (Some("TLS"), Some("GOV")));
        assert_eq!(demonym("Liberian"), Some("LBR"));
        assert_eq!(demonym("Kabul"), None);
        assert_eq!(people("Algerians"), Some("DZA"));
        assert_eq!(acronym_code("OSCE"), Some("IGO"));
        assert_eq!(country_by_name("France"), Some("FRA"));
        assert!(is_capital("Paris") && !is_capital("France"));
        assert_eq!(role_of("president"), Some("GOV"));
    }
}
