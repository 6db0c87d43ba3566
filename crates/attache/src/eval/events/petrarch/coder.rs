//! Tree coder for the PETRARCH unit-test records: our own tokenizer, tagger and dependency
//! parser find who did what to whom; the suite's dictionaries say what the words are.
//!
//! - **Actors and agents** are the longest dictionary phrases over the tokens. A noun phrase's
//!   code joins its actor and its agents wherever the tree puts them: "Arnorian soldiers",
//!   "soldiers from Gondor", "Gondor's government" and "the ambassadors of Arnor" all combine.
//!   An agent with no actor is coded `---` plus its role, as PETRARCH does.
//! - **Verbs** are the verbs dictionary's forms (multi-word ones such as "cordoned off" too),
//!   coded by the most specific of their patterns ([`super::Verbs::code_at`]).
//! - **Roles** come from the tree: the source is the subject (the by-phrase of a passive,
//!   climbing to the governing verb for "is about to restore"), the target the object, else the
//!   first actor in the verb's own phrase, not inside a clause of its own. Coordinated actors
//!   ("Mordor, Rohan and Bree", "Lawmakers and officials") each get a coding.

use super::Verbs;
use crate::actors::Dictionary;
use crate::calendar::Day;
use crate::text::syntax::Trees;
use crate::text::tagger::Upos;
use crate::text::{self, Annotated};
use std::ops::Range;

/// What a dictionary phrase in the sentence is.
#[derive(Debug, Clone)]
enum Entry {
    Actor(String),
    Agent(String),
}

/// A dictionary phrase found over tokens, with the token that heads it in the tree.
#[derive(Debug, Clone)]
struct Hit {
    tokens: Range<usize>,
    head: usize,
    entry: Entry,
}

/// One sentence as the coder reads it.
struct Doc<'a> {
    ann: Annotated<'a>,
    trees: Trees,
    /// Upper-case words of the non-punctuation tokens, and the token each stands for.
    words: Vec<String>,
    token_of: Vec<usize>,
    hits: Vec<Hit>,
}

/// No phrase in the suite's dictionaries is longer than this many words.
const LONGEST_PHRASE: usize = 6;

/// Code a record: `(source, target, code)` for every coded verb with a source, one per pair of
/// coordinated sources and targets. A missing target is `---`, as the records write it.
pub fn code(
    text: &str,
    dict: &Dictionary,
    verbs: &Verbs,
    date: Option<Day>,
) -> Vec<(String, String, String)> {
    let doc = read(text, dict, date);
    let mut out: Vec<(String, String, String)> = Vec::new();
    for (at, len) in verb_spans(&doc, verbs) {
        let Some(verb) = tree_verb(&doc, at, len) else {
            continue;
        };
        let mut roles = Roles::of(&doc, verb, after_negated_auxiliary(&doc, at));
        let compound = roles.sources.len() > 1;
        let Some((code, marks)) = verbs.code_at(&doc.words, at, len, compound) else {
            continue;
        };
        roles.place(&doc, at, len, &marks);
        for coding in codings(&roles, &code) {
            if !out.contains(&coding) {
                out.push(coding);
            }
        }
    }
    out
}

fn read<'a>(text: &'a str, dict: &Dictionary, date: Option<Day>) -> Doc<'a> {
    let ann = text::annotate(text);
    let trees = text::syntax::parse(&ann);
    let mut token_of = Vec::new();
    let mut words = Vec::new();
    for i in
        (0..ann.tokens.len()).filter(|&i| ann.tags.get(i).is_none_or(|t| t.upos != Upos::Punct))
    {
        let word = ann.word(i).replace('’', "'").to_uppercase();
        // The dictionaries write contractions as the Penn Treebank splits them: "DID N'T",
        // "WO N'T", "CA N'T"; our tokenizer keeps "didn't" whole.
        match word.strip_suffix("N'T").filter(|stem| !stem.is_empty()) {
            Some(stem) => {
                words.extend([stem.to_string(), "N'T".to_string()]);
                token_of.extend([i, i]);
            }
            None => {
                words.push(word);
                token_of.push(i);
            }
        }
    }
    let mut doc = Doc {
        ann,
        trees,
        words,
        token_of,
        hits: Vec::new(),
    };
    doc.hits = find_hits(&doc, dict, date);
    doc
}

/// Longest dictionary phrases, left to right; an actor wins over an agent of the same length.
fn find_hits(doc: &Doc, dict: &Dictionary, date: Option<Day>) -> Vec<Hit> {
    let ws = &doc.words;
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let hit = (1..=LONGEST_PHRASE.min(ws.len() - i))
            .rev()
            .find_map(|len| {
                let phrase = ws[i..i + len].join(" ");
                let entry = lookup(dict, &phrase, date)?;
                Some((len, entry))
            });
        match hit {
            Some((len, entry)) => {
                let tokens = doc.token_of[i]..doc.token_of[i + len - 1] + 1;
                out.push(Hit {
                    head: head_of(&doc.trees, tokens.clone()),
                    tokens,
                    entry,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

/// A phrase as an actor, else as an agent; a plural ("the Rohans", "soldiers") as its
/// singular, as the suite's dictionaries list most phrases only in the singular.
fn lookup(dict: &Dictionary, phrase: &str, date: Option<Day>) -> Option<Entry> {
    let direct = |p: &str| {
        dict.lookup(p, date)
            .map(|c| Entry::Actor(c.to_string()))
            .or_else(|| dict.role(p).map(|r| Entry::Agent(r.to_string())))
    };
    direct(phrase).or_else(|| direct(&crate::actors::singular(phrase)?))
}

/// The token of a span whose head lies outside it (the last such), else the last token.
fn head_of(t: &Trees, span: Range<usize>) -> usize {
    span.clone()
        .rev()
        .find(|&i| t.head(i).is_none_or(|h| !span.contains(&h)))
        .unwrap_or(span.end - 1)
}

/// Word spans (start, length) that are a form of a dictionary verb, longest first at each start.
fn verb_spans(doc: &Doc, verbs: &Verbs) -> Vec<(usize, usize)> {
    let ws = &doc.words;
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        match (1..=3.min(ws.len() - i))
            .rev()
            .find(|&len| verbs.is_form(&ws[i..i + len].join(" ")))
        {
            Some(len) => {
                out.push((i, len));
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

/// The tree token of a verb span: its first token the tagger calls a verb, else one with a
/// subject of its own. Nouns that share a verb's spelling ("the attack", "talks") are not events.
fn tree_verb(doc: &Doc, at: usize, len: usize) -> Option<usize> {
    let span = &doc.token_of[at..at + len];
    let verb = |i: &usize| doc.ann.tags.get(*i).is_some_and(|t| t.upos == Upos::Verb);
    // A word the tagger missed ("didn't clash" tagged as a noun) still heads a clause when
    // the parser gives it a subject.
    let predicate = |i: &usize| doc.trees.children_with(*i, "nsubj").next().is_some();
    span.iter()
        .copied()
        .find(verb)
        .or_else(|| span.iter().copied().find(predicate))
        .or_else(|| after_negated_auxiliary(doc, at).then_some(span[0]))
}

/// Whether the words before `at` are a negated auxiliary ("didn't", "won't ever"). The tagger
/// learnt from text that splits "did n't"; after our whole contraction it reads the verb as a
/// noun, and the parser builds the sentence around that noun.
fn after_negated_auxiliary(doc: &Doc, at: usize) -> bool {
    let ws = &doc.words;
    let mut k = at;
    // An adverb or two may stand between: "won't ever clash".
    while k > 0 && at - k < 2 && (ws[k - 1] == "EVER" || ws[k - 1].ends_with("LY")) {
        k -= 1;
    }
    k > 0 && ws[k - 1] == "N'T"
}

/// Who did it and to whom, as codes.
struct Roles {
    sources: Vec<String>,
    targets: Vec<String>,
}

impl Roles {
    /// `misparsed`: the verb was read as a noun, so the tree may give it no subject; the
    /// nearest actor before it is then the source, as PETRARCH reads a flat phrase.
    fn of(doc: &Doc, v: usize, misparsed: bool) -> Roles {
        let passive = crate::events::tree::is_passive(&doc.trees, v);
        let source_head = if passive {
            oblique(doc, v, "by")
        } else {
            subject(doc, v)
        }
        .or_else(|| misparsed.then(|| actor_before(doc, v)).flatten());
        let sources = source_head.map_or_else(Vec::new, |h| phrase_codes(doc, h));
        let targets = target_codes(doc, v, passive, source_head);
        Roles { sources, targets }
    }

    /// Put the actors where the matched pattern says they are, when it names a word beside
    /// them and an actor stands there.
    fn place(&mut self, doc: &Doc, at: usize, len: usize, marks: &super::Marks) {
        let ws = &doc.words;
        let codes = |h: &Hit| phrase_codes(doc, np_root(&doc.trees, h.head));
        let first_after = |word: &Option<String>| {
            let j = (at + len..ws.len()).find(|&j| Some(&ws[j]) == word.as_ref())?;
            let from = doc.token_of[j];
            doc.hits.iter().find(|h| h.tokens.start > from).map(codes)
        };
        let placed_target = first_after(&marks.target_after).filter(|c| !c.is_empty());
        if let Some(s) = first_after(&marks.source_after).filter(|c| !c.is_empty()) {
            // "X received money from $": the subject is then the one acted on.
            self.targets = std::mem::replace(&mut self.sources, s);
        }
        if let Some(t) = placed_target {
            self.targets = t;
        }
        let last_before = (0..at)
            .rev()
            .find(|&j| Some(&ws[j]) == marks.target_before.as_ref())
            .and_then(|j| {
                let to = doc.token_of[j];
                doc.hits
                    .iter()
                    .rev()
                    .find(|h| h.tokens.end <= to)
                    .map(codes)
            });
        if let Some(t) = last_before.filter(|c| !c.is_empty()) {
            self.targets = t;
        }
    }
}

/// Every source against every target. A compound source without a target acts on itself
/// ("X and Y delayed their meeting": X→Y and Y→X); a reciprocal code ("032:033") codes both
/// directions. A coding with neither a named source nor a target says nothing and is dropped.
fn codings(roles: &Roles, code: &str) -> Vec<(String, String, String)> {
    let (forward, back) = match code.split_once(':') {
        Some((a, b)) => (a, Some(b)),
        None => (code, None),
    };
    let mutual = roles.targets.is_empty() && roles.sources.len() > 1;
    let none = ["---".to_string()];
    let targets = match (&roles.targets[..], mutual) {
        (_, true) => &roles.sources[..],
        ([], false) => &none[..],
        (t, false) => t,
    };
    let mut out = Vec::new();
    for s in &roles.sources {
        for t in targets.iter().filter(|t| *t != s) {
            if s.starts_with("---") && t == "---" {
                continue;
            }
            out.push((s.clone(), t.clone(), forward.to_string()));
            if let Some(b) = back.filter(|_| t != "---" && !mutual) {
                out.push((t.clone(), s.clone(), b.to_string()));
            }
        }
    }
    out
}

/// The subject of `v` ([`own_subject`]); a personal pronoun stands for its antecedent.
fn subject(doc: &Doc, v: usize) -> Option<usize> {
    let s = own_subject(doc, v)?;
    if !is_pronoun(doc, s) {
        return Some(s);
    }
    Some(antecedent(doc, v, s).unwrap_or(s))
}

/// Pronouns that take the place of a named actor.
fn is_pronoun(doc: &Doc, i: usize) -> bool {
    let w = doc.ann.word(i).to_lowercase();
    matches!(w.as_str(), "he" | "she" | "it" | "they")
}

/// What a pronoun subject `pron` of `v` refers to, as PETRARCH resolves it: the subject of a
/// clause that governs `v` ("Arnor indicated it would act": Arnor), else the phrase of the
/// nearest actor named before the pronoun.
fn antecedent(doc: &Doc, v: usize, pron: usize) -> Option<usize> {
    let t = &doc.trees;
    let mut at = v;
    // Clauses nest a few levels at most; the bound guards against cycles.
    for _ in 0..8 {
        let Some(h) = t.head(at) else { break };
        at = h;
        let named = t
            .children_with(at, "nsubj")
            .find(|&s| s < pron && !is_pronoun(doc, s));
        if named.is_some() {
            return named;
        }
    }
    doc.hits
        .iter()
        .rev()
        .filter(|h| matches!(h.entry, Entry::Actor(_)))
        .find(|h| h.tokens.end <= pron)
        .map(|h| np_root(t, h.head))
}

/// The subject of `v`, climbing to the verb or adjective it depends on when it has none of its
/// own ("is about to restore", "condemned … and promised"), or to the noun a relative clause
/// describes.
fn own_subject(doc: &Doc, v: usize) -> Option<usize> {
    let t = &doc.trees;
    let mut at = v;
    for _ in 0..4 {
        let rel = t.deprel(at).map(|d| d.as_str()).unwrap_or("");
        // Of two subjects (the parser splits "Bree Prime Minister X" at times), the nearer.
        if let Some(s) = t.children_with(at, "nsubj").last() {
            return Some(s);
        }
        match rel {
            "acl:relcl" => return t.head(at),
            "xcomp" | "conj" | "advcl" => at = t.head(at)?,
            _ => return None,
        }
    }
    None
}

/// The head of the phrase of the last actor named before token `v`.
fn actor_before(doc: &Doc, v: usize) -> Option<usize> {
    doc.hits
        .iter()
        .rev()
        .filter(|h| matches!(h.entry, Entry::Actor(_)))
        .find(|h| h.tokens.end <= v)
        .map(|h| np_root(&doc.trees, h.head))
}

/// A preposition phrase below `v` introduced by `prep`: its head noun.
fn oblique(doc: &Doc, v: usize, prep: &str) -> Option<usize> {
    let t = &doc.trees;
    t.children_with(v, "obl").find(|&n| {
        t.children_with(n, "case")
            .any(|c| doc.ann.word(c).eq_ignore_ascii_case(prep))
    })
}

/// Target codes: the passive subject, else the object's phrase, else the first actor in the
/// verb's own phrase after the verb.
fn target_codes(doc: &Doc, v: usize, passive: bool, source: Option<usize>) -> Vec<String> {
    let t = &doc.trees;
    if passive {
        return t
            .children_with(v, "nsubj")
            .next()
            .map_or_else(Vec::new, |h| phrase_codes(doc, h));
    }
    let from_object = t
        .children_with(v, "obj")
        .map(|o| phrase_codes(doc, o))
        .find(|c| !c.is_empty());
    if let Some(codes) = from_object {
        return codes;
    }
    // The verb's own phrase first; then its clauses ("hopes that X could be drawn in",
    // "signed an accord to supply X"), but not a coordinated verb's.
    let after = |own: bool| {
        doc.hits
            .iter()
            .filter(|h| h.head > v && t.dominates(v, h.head))
            .filter(|h| {
                in_own_phrase(doc, v, h.head) == own && !in_coordinated_verb(doc, v, h.head)
            })
            .filter(|h| !in_subordinate_clause(doc, v, h.head))
            // Not the source's own phrase; a source above the verb (a misparse) excludes nothing.
            .filter(|h| source.is_none_or(|s| t.dominates(s, v) || !t.dominates(s, h.head)))
            .find_map(|h| Some(phrase_codes(doc, np_root(t, h.head))).filter(|c| !c.is_empty()))
    };
    after(true).or_else(|| after(false)).unwrap_or_default()
}

/// The tokens from `i` up to `v` (`i` included, `v` not), when `v` dominates `i`.
fn path_up(doc: &Doc, v: usize, i: usize) -> Option<Vec<usize>> {
    let t = &doc.trees;
    let mut path = Vec::new();
    let mut at = i;
    // A tree over n tokens has paths of at most n steps; the bound guards against cycles.
    for _ in 0..=doc.ann.tokens.len() {
        if at == v {
            return Some(path);
        }
        path.push(at);
        at = t.head(at)?;
    }
    None
}

/// Whether `i` lies in an adverbial clause of `v` introduced by a subordinator ("after X was
/// reported", "until X yielded"): such a clause tells when or why, not to whom.
fn in_subordinate_clause(doc: &Doc, v: usize, i: usize) -> bool {
    let t = &doc.trees;
    path_up(doc, v, i)
        .unwrap_or_default()
        .into_iter()
        .any(|at| {
            t.deprel(at).is_some_and(|d| d.universal() == "advcl")
                && t.children_with(at, "mark")
                    .any(|m| !doc.ann.word(m).eq_ignore_ascii_case("to"))
        })
}

/// Whether `i` lies under a verb coordinated with `v` ("condemned X and promised Y": Y is the
/// second verb's).
fn in_coordinated_verb(doc: &Doc, v: usize, i: usize) -> bool {
    let t = &doc.trees;
    t.children_with(v, "conj")
        .filter(|&c| doc.ann.tags.get(c).is_some_and(|g| g.upos == Upos::Verb))
        .any(|c| t.dominates(c, i))
}

/// Whether `i` is in the phrase of verb `v` and not in a clause of its own (a clausal
/// complement, an adverbial or relative clause, a subject).
fn in_own_phrase(doc: &Doc, v: usize, i: usize) -> bool {
    let t = &doc.trees;
    path_up(doc, v, i).is_some_and(|path| {
        path.into_iter().all(|at| {
            let rel = t.deprel(at).map(|d| d.as_str()).unwrap_or("");
            !matches!(
                rel,
                "ccomp" | "advcl" | "acl:relcl" | "parataxis" | "csubj" | "nsubj"
            )
        })
    })
}

/// Relations that keep a word inside the noun phrase of its head.
fn inside_phrase(rel: &str) -> bool {
    matches!(
        rel,
        "compound" | "flat" | "amod" | "nmod:poss" | "nmod" | "det" | "nummod" | "fixed"
    )
}

/// The head of the noun phrase holding `i`.
fn np_root(t: &Trees, i: usize) -> usize {
    let mut at = i;
    for _ in 0..64 {
        let rel = t.deprel(at).map(|d| d.as_str()).unwrap_or("");
        match t.head(at) {
            Some(h) if inside_phrase(rel) => at = h,
            _ => break,
        }
    }
    at
}

/// The conjuncts of `i` ("Mordor, Rohan and Bree": Rohan and Bree for Mordor).
fn conjuncts(t: &Trees, i: usize) -> Vec<usize> {
    std::iter::once(i)
        .chain(t.children_with(i, "conj"))
        .collect()
}

/// Codes of the phrase headed by `head` and of its conjuncts.
fn phrase_codes(doc: &Doc, head: usize) -> Vec<String> {
    let mut out = Vec::new();
    for root in conjuncts(&doc.trees, head) {
        for c in np_codes(doc, root) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Codes of one noun phrase: its first actor and each actor coordinated with it, joined with
/// its agents' roles.
fn np_codes(doc: &Doc, root: usize) -> Vec<String> {
    let t = &doc.trees;
    let run = nominal_run(doc, root);
    let members: Vec<&Hit> = doc
        .hits
        .iter()
        .filter(|h| {
            np_root(t, h.head) == root || h.tokens.start >= run.start && h.tokens.end <= run.end
        })
        .collect();
    let actor_hits: Vec<&Hit> = members
        .iter()
        .copied()
        .filter(|h| matches!(h.entry, Entry::Actor(_)))
        .collect();
    // The first actor named, as PETRARCH reads a phrase: "Ithilen's minister Calimehtar" is
    // Ithilen's.
    let primary = actor_hits.first();
    let actors: Vec<String> = primary.map_or_else(Vec::new, |p| {
        conjuncts(t, p.head)
            .into_iter()
            .filter_map(|c| hit_at(doc, c))
            .flat_map(|h| match &h.entry {
                // A phrase may stand for several actors at once ("FRO/BIL/SAM").
                Entry::Actor(code) => code.split('/').map(str::to_string).collect(),
                Entry::Agent(_) => Vec::new(),
            })
            .collect()
    });
    let roles: Vec<String> = members
        .iter()
        .filter(|h| matches!(h.entry, Entry::Agent(_)))
        .flat_map(|h| conjuncts(t, h.head))
        .filter_map(|c| hit_at(doc, c))
        .filter_map(|h| match &h.entry {
            Entry::Agent(role) => Some(role.clone()),
            Entry::Actor(_) => None,
        })
        .collect();
    combine(&actors, &roles)
}

/// The run of name and noun words around `root`: "Bree Prime Minister X" is one phrase even
/// where the parser attaches its words elsewhere.
fn nominal_run(doc: &Doc, root: usize) -> Range<usize> {
    let nominal = |i: usize| {
        doc.ann.tags.get(i).is_some_and(|g| {
            matches!(g.upos, Upos::Propn | Upos::Noun | Upos::Adj) || g.xpos == "POS"
        })
    };
    let (mut start, mut end) = (root, root + 1);
    while start > 0 && nominal(start - 1) {
        start -= 1;
    }
    while end < doc.ann.tokens.len() && nominal(end) {
        end += 1;
    }
    start..end
}

fn hit_at<'d>(doc: &'d Doc, token: usize) -> Option<&'d Hit> {
    doc.hits.iter().find(|h| h.tokens.contains(&token))
}

/// Every actor with every role ("Lawmakers and officials in Fornost and Gondor": four codes).
/// A role the actor's code already carries is not added again ("White House officials" stays
/// USAGOV); a role without an actor is coded `---` plus the role. Roles the dictionary writes
/// `NGO~` stand before the actor and go with every other role ("an MSF Arnor diplomat":
/// NGOARNGOV).
fn combine(actors: &[String], roles: &[String]) -> Vec<String> {
    let prefix: String = roles.iter().filter_map(|r| r.strip_suffix('~')).collect();
    let roles: Vec<&String> = roles.iter().filter(|r| !r.ends_with('~')).collect();
    let unnamed = ["---".to_string()];
    let actors = if actors.is_empty() && !roles.is_empty() {
        &unnamed[..]
    } else {
        actors
    };
    if roles.is_empty() {
        return actors.iter().map(|a| format!("{prefix}{a}")).collect();
    }
    let mut out = Vec::new();
    for a in actors {
        for r in &roles {
            let code = if carries(a, r) {
                format!("{prefix}{a}")
            } else {
                format!("{prefix}{a}{r}")
            };
            if !out.contains(&code) {
                out.push(code);
            }
        }
    }
    out
}

/// Whether a code already ends its three-letter parts with `role` (USAGOV carries GOV).
fn carries(code: &str, role: &str) -> bool {
    code.len() > 3 && code[3..].contains(role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_join_actors_once() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(combine(&s(&["ARN"]), &s(&["MIL"])), s(&["ARNMIL"]));
        assert_eq!(combine(&s(&["USAGOV"]), &s(&["GOV"])), s(&["USAGOV"]));
        assert_eq!(combine(&[], &s(&["EDU"])), s(&["---EDU"]));
        assert_eq!(
            combine(&s(&["FOR", "GON"]), &s(&["LEG", "GOV"])),
            s(&["FORLEG", "FORGOV", "GONLEG", "GONGOV"])
        );
        assert!(combine(&[], &[]).is_empty());
        assert_eq!(combine(&s(&["ARN"]), &s(&["NGO~"])), s(&["NGOARN"]));
        assert_eq!(
            combine(&s(&["ARN"]), &s(&["NGO~", "GOV"])),
            s(&["NGOARNGOV"])
        );
    }
}
