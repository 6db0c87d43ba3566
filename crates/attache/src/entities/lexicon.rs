//! Word lists the entity stage reads: the embedded gazetteer, demonyms and person titles
//! (`resources/`), and small closed classes of English written here.

use crate::model::EntityType;
use std::collections::HashMap;
use std::sync::LazyLock;

pub struct GazetteerEntry {
    pub kind: EntityType,
    pub canonical: &'static str,
    pub code: Option<&'static str>,
}

static GAZETTEER: LazyLock<HashMap<&'static str, GazetteerEntry>> = LazyLock::new(|| {
    rows(include_str!("../../../../resources/gazetteer.tsv"))
        .filter_map(|cols| {
            let kind = match *cols.get(1)? {
                "GPE" => EntityType::Gpe,
                "ORG" => EntityType::Org,
                "LOC" => EntityType::Loc,
                _ => return None,
            };
            let code = cols.get(3).copied().filter(|c| !c.is_empty());
            Some((
                cols[0],
                GazetteerEntry {
                    kind,
                    canonical: cols.get(2)?,
                    code,
                },
            ))
        })
        .collect()
});

static DEMONYMS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    rows(include_str!("../../../../resources/demonyms.tsv"))
        .filter_map(|c| Some((c[0], *c.get(1)?)))
        .collect()
});

static TITLES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../../../../resources/titles.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

pub fn gazetteer(name: &str) -> Option<&'static GazetteerEntry> {
    GAZETTEER.get(name)
}

/// ISO3 code of a demonym ("French" → "FRA").
pub fn demonym(word: &str) -> Option<&'static str> {
    DEMONYMS.get(word).copied()
}

/// Whether a lowercase word or phrase names an office ("president", "foreign minister").
pub fn is_title(lower: &str) -> bool {
    TITLES.contains(&lower)
}

/// Capitalised words that start sentences but are not names.
pub fn is_function_word(lower: &str) -> bool {
    FUNCTION_WORDS.binary_search(&lower).is_ok()
}

// Sorted: looked up by binary search.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "according",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "as",
    "at",
    "because",
    "before",
    "being",
    "both",
    "but",
    "by",
    "can",
    "could",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "each",
    "earlier",
    "either",
    "even",
    "every",
    "few",
    "first",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "indeed",
    "instead",
    "is",
    "it",
    "its",
    "just",
    "last",
    "later",
    "let",
    "like",
    "many",
    "may",
    "meanwhile",
    "more",
    "most",
    "much",
    "my",
    "neither",
    "never",
    "next",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "perhaps",
    "previously",
    "rather",
    "several",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "today",
    "tomorrow",
    "too",
    "under",
    "unlike",
    "until",
    "up",
    "upon",
    "us",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yes",
    "yesterday",
    "yet",
    "you",
    "your",
];

/// Calendar words are capitalised but name no entity.
pub fn is_calendar_word(word: &str) -> bool {
    matches!(
        word,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sept"
            | "Sep"
            | "Oct"
            | "Nov"
            | "Dec"
    )
}

/// Last words that make a capitalised phrase an organisation.
pub fn is_org_word(word: &str) -> bool {
    matches!(
        word,
        "Party"
            | "Ministry"
            | "Department"
            | "Committee"
            | "Council"
            | "Agency"
            | "Commission"
            | "Union"
            | "Association"
            | "Institute"
            | "University"
            | "College"
            | "Bank"
            | "Times"
            | "Post"
            | "Journal"
            | "News"
            | "Press"
            | "Network"
            | "Court"
            | "Congress"
            | "Senate"
            | "Parliament"
            | "Assembly"
            | "Army"
            | "Navy"
            | "Forces"
            | "Force"
            | "Corporation"
            | "Corp"
            | "Inc"
            | "Group"
            | "Foundation"
            | "Campaign"
            | "Administration"
            | "Office"
            | "Service"
            | "Guard"
            | "Police"
            | "Company"
            | "Organization"
            | "Organisation"
            | "Federation"
            | "Alliance"
            | "Coalition"
            | "Center"
            | "Centre"
            | "Fund"
            | "Board"
            | "Bureau"
            | "Magazine"
            | "Tribune"
            | "Herald"
            | "Gazette"
            | "Telegraph"
            | "Guardian"
            | "Review"
            | "Daily"
            | "Weekly"
            | "Radio"
            | "Television"
            | "TV"
            | "Agence"
            | "Club"
            | "League"
            | "Movement"
            | "Front"
            | "Church"
            | "School"
            | "Hospital"
            | "Airlines"
            | "Airways"
    )
}

/// Last words that make a capitalised phrase a place.
pub fn is_place_word(word: &str) -> bool {
    matches!(
        word,
        "City"
            | "County"
            | "State"
            | "Province"
            | "Region"
            | "Street"
            | "River"
            | "Sea"
            | "Ocean"
            | "Mountains"
            | "Island"
            | "Islands"
            | "Valley"
            | "Lake"
            | "Bay"
            | "Gulf"
            | "Strait"
            | "Peninsula"
            | "Square"
            | "Avenue"
            | "Airport"
            | "Beach"
            | "Park"
            | "District"
            | "Dam"
            | "Bridge"
            | "Canal"
            | "Port"
            | "Harbor"
            | "Harbour"
            | "Road"
            | "Desert"
            | "Forest"
            | "Coast"
            | "Basin"
    )
}

/// Small words allowed inside a multiword name: "Bank of England", "Journal du Dimanche".
pub fn is_name_connector(word: &str) -> bool {
    matches!(
        word,
        "of" | "du"
            | "de"
            | "des"
            | "la"
            | "le"
            | "del"
            | "der"
            | "von"
            | "van"
            | "al"
            | "bin"
            | "da"
            | "di"
            | "dos"
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PronounCase {
    Subject,
    Object,
}

/// Third-person singular pronouns that refer to people.
pub fn person_pronoun(word: &str) -> Option<PronounCase> {
    match word {
        "he" | "she" | "He" | "She" => Some(PronounCase::Subject),
        "him" | "her" | "Him" | "Her" => Some(PronounCase::Object),
        _ => None,
    }
}

/// Prepositions: a name right after one is not the subject of its clause.
pub fn is_preposition(lower: &str) -> bool {
    matches!(
        lower,
        "with"
            | "of"
            | "to"
            | "for"
            | "by"
            | "from"
            | "at"
            | "about"
            | "on"
            | "in"
            | "into"
            | "against"
            | "between"
            | "among"
            | "toward"
            | "towards"
            | "than"
            | "like"
            | "meeting"
            | "over"
            | "under"
            | "after"
            | "before"
            | "during"
            | "without"
            | "via"
    )
}
