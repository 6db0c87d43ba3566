//! Tree-based event coder: CAMEO verb patterns (`resources/events/verbs.txt`) applied over the
//! dependency tree. The verb's subject is the source (the by-phrase of a passive), its object or
//! a named oblique the target, and a clausal complement can refine the code ("agreed to meet").
//! See the file's header for the pattern language.
//!
//! Word-order patterns ([`super::lexical`]) guess the actors from proximity; the tree says who
//! did what to whom even across a relative clause or a long subject, which is where the lexical
//! coder picks the wrong actor.

use super::{Candidate, CodedMention, Origin, Party};
use crate::actors::split_code;
use crate::entities::Entities;
use crate::model::EntityType;
use crate::text::lemma::Lemmatizer;
use crate::text::syntax::Trees;
use crate::text::tagger::Upos;
use crate::text::Annotated;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// One line of `verbs.txt`.
#[derive(Debug, Clone, PartialEq)]
pub struct VerbPattern {
    pub cameo: &'static str,
    pub lemma: &'static str,
    /// Lemmas one of which the direct object must have (empty: no condition).
    pub objects: Vec<&'static str>,
    /// Lemmas one of which a clausal complement's verb must have.
    pub complements: Vec<&'static str>,
    pub particles: Vec<&'static str>,
    /// Where the target is, in order: `obj` or a preposition.
    pub targets: Vec<&'static str>,
    pub mode: Option<&'static str>,
}

impl VerbPattern {
    fn conditions(&self) -> usize {
        [&self.objects, &self.complements, &self.particles]
            .iter()
            .filter(|c| !c.is_empty())
            .count()
    }
}

/// Where a target is looked for when a pattern does not say.
const DEFAULT_TARGETS: [&str; 6] = ["obj", "with", "against", "on", "to", "from"];

/// Parse the pattern file; lines that do not parse are skipped (the file is tested).
pub fn parse(text: &'static str) -> Vec<VerbPattern> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .filter_map(parse_line)
        .collect()
}

fn parse_line(line: &'static str) -> Option<VerbPattern> {
    let mut words = line.split_whitespace();
    let cameo = words
        .next()
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))?;
    let lemma = words.next()?;
    let mut p = VerbPattern {
        cameo,
        lemma,
        objects: Vec::new(),
        complements: Vec::new(),
        particles: Vec::new(),
        targets: Vec::new(),
        mode: None,
    };
    for w in words {
        let (key, value) = w.split_once('=')?;
        let list: Vec<&'static str> = value.split('|').filter(|v| !v.is_empty()).collect();
        if list.is_empty() {
            return None;
        }
        match key {
            "obj" => p.objects = list,
            "comp" => p.complements = list,
            "prt" => p.particles = list,
            "tgt" => p.targets = list,
            "mode" => p.mode = Some(value),
            _ => return None,
        }
    }
    Some(p)
}

/// Patterns by verb lemma, in file order.
static VERBS: LazyLock<HashMap<&'static str, Vec<VerbPattern>>> = LazyLock::new(|| {
    let mut by_lemma: HashMap<&'static str, Vec<VerbPattern>> = HashMap::new();
    for p in parse(include_str!("../../../../resources/events/verbs.txt")) {
        by_lemma.entry(p.lemma).or_default().push(p);
    }
    by_lemma
});

/// The lemma of a verb token, lowercase, when a pattern knows it.
fn event_verb(ann: &Annotated, i: usize) -> Option<String> {
    let tag = ann.tags.get(i)?;
    if tag.upos != Upos::Verb {
        return None;
    }
    let lemma = Lemmatizer::embedded()
        .lemma(ann.word(i), tag)
        .to_lowercase();
    VERBS.contains_key(lemma.as_str()).then_some(lemma)
}

/// Which sentences the coder needs trees for: those with an actor (a coded entity or a
/// demonym) and a verb some pattern names. Parsing only these (and those attribution needs)
/// keeps the pipeline within its throughput budget.
pub fn sentences_to_parse(ann: &Annotated, ents: &Entities) -> Vec<bool> {
    let mut actor = vec![false; ann.sentences.len()];
    for m in &ents.mentions {
        let coded = m.entity.is_some_and(|e| ents.clusters[e].actor.is_some());
        if coded && m.raw.tokens.start < ann.tokens.len() {
            actor[ann.sentence_of(m.raw.tokens.start)] = true;
        }
    }
    ann.sentences
        .iter()
        .zip(actor)
        .map(|(s, has_actor)| {
            let demonym = || {
                s.tokens
                    .clone()
                    .any(|i| crate::actors::demonym(ann.word(i)).is_some())
            };
            let verb = || {
                s.tokens.clone().any(|i| {
                    event_verb(ann, i).is_some_and(|l| may_match(ann, s.tokens.clone(), &l))
                })
            };
            (has_actor || demonym()) && verb()
        })
        .collect()
}

/// Whether some pattern of the verb can match in the sentence: one without an object
/// condition, or one whose object word occurs there. "hold", "open" or "return" are common
/// verbs but events only with certain objects; a sentence without them is not parsed.
fn may_match(ann: &Annotated, sentence: Range<usize>, lemma: &str) -> bool {
    let patterns = VERBS.get(lemma).map_or(&[][..], Vec::as_slice);
    patterns.iter().any(|p| {
        p.objects.is_empty()
            || sentence.clone().any(|i| {
                let w = ann.word(i).to_lowercase();
                let singular = w.strip_suffix('s').unwrap_or(&w);
                p.objects.iter().any(|o| *o == w || *o == singular)
            })
    })
}

/// The lemma of a token for matching objects and complements: lowercase, plural "s" dropped
/// for nouns (the lemmatiser is only run on verbs here, to stay cheap).
fn loose_lemma(ann: &Annotated, i: usize) -> String {
    let w = ann.word(i).to_lowercase();
    match ann.tags.get(i) {
        Some(t) if t.upos == Upos::Verb => Lemmatizer::embedded().lemma(ann.word(i), t),
        Some(t) if t.xpos == "NNS" => Lemmatizer::embedded().lemma(&w, t),
        _ => w,
    }
}

/// What the coder reads from the document.
struct Doc<'a, 'b> {
    ann: &'b Annotated<'a>,
    trees: &'b Trees,
    mentions: &'b [CodedMention],
}

/// A verb with the pattern it matched.
struct Coded<'p> {
    verb: usize,
    pattern: &'p VerbPattern,
    /// The complement verb the pattern took into the event.
    complement: Option<usize>,
}

/// Tree candidates for every parsed sentence. `taken` are the candidates of the other sources:
/// a verb they already coded is not coded again, and verbs inside quoted content are left to
/// the speech stage, which codes what was said.
///
/// A word-order match inside the complement of a verb coded here is dropped from `taken`: in
/// "threatened to cut ties with X" the event is the threat, not the cut.
pub fn candidates(
    ann: &Annotated,
    trees: &Trees,
    mentions: &[CodedMention],
    taken: &mut Vec<Candidate>,
    quoted: &[Range<usize>],
) -> Vec<Candidate> {
    if trees.is_empty() || ann.tags.len() != ann.tokens.len() {
        return Vec::new();
    }
    let doc = Doc {
        ann,
        trees,
        mentions,
    };
    let coded: Vec<Coded> = (0..ann.tokens.len())
        .filter(|&v| trees.deprel(v).is_some())
        .filter(|&v| !quoted.iter().any(|q| q.contains(&v)))
        .filter_map(|v| code_verb(&doc, v))
        .collect();
    // A complement of a coded verb belongs to that verb's event: "threatened to attack" is a
    // threat, "vowed to cut ties" a promise.
    let governed: HashSet<usize> = coded
        .iter()
        .flat_map(|c| complements(&doc, c.verb).chain(c.complement))
        .collect();
    let (fresh, matched): (Vec<&Coded>, Vec<&Coded>) = coded
        .iter()
        .filter(|c| !governed.contains(&c.verb))
        .partition(|c| !already_coded(c.verb, taken));
    for c in matched {
        correct_actors(taken, c.verb, candidate(&doc, c));
    }
    let complements: Vec<Range<usize>> = fresh
        .iter()
        .flat_map(|c| complements(&doc, c.verb).chain(c.complement))
        .map(|k| trees.subtree(k))
        .collect();
    taken.retain(|c| {
        c.origin != Origin::Lexical
            || !complements
                .iter()
                .any(|k| k.start <= c.evidence.start && c.evidence.end <= k.end)
    });
    fresh.iter().filter_map(|c| candidate(&doc, c)).collect()
}

/// A word-order match guesses its source as the nearest actor before it ("Pakistan, a key
/// Ruritanian ally, has refused": the ally's country); where the tree coded the same verb, its
/// subject names the source. The match keeps its code, which a longer phrase may make more
/// specific than the verb's, and a target its pattern placed; without one it takes the tree's
/// object ("killed four Iraqis").
fn correct_actors(taken: &mut [Candidate], verb: usize, tree: Option<Candidate>) {
    let Some(tree) = tree else { return };
    // A plain statement whose cue verb a pattern codes ("declared a ceasefire", "announced a
    // boycott") is that act: the pattern says more than "made a statement".
    for c in taken.iter_mut().filter(|c| {
        c.origin == Origin::Speech
            && matches!(c.cameo, "010" | "012" | "013")
            && c.evidence.contains(&verb)
            && !c.content.as_ref().is_some_and(|r| r.contains(&verb))
    }) {
        c.cameo = tree.cameo;
        c.mode = tree.mode;
        if c.target.is_none() {
            c.target = tree.target.clone().filter(|t| t.code != c.source.code);
        }
    }
    for c in taken
        .iter_mut()
        .filter(|c| c.origin == Origin::Lexical && c.evidence.contains(&verb))
    {
        // A subject that is the match's own target would make the event reflexive: the tree
        // and the pattern disagree, and the pattern's reading stands.
        if c.target.as_ref().is_none_or(|t| t.code != tree.source.code) {
            c.source = tree.source.clone();
        }
        if c.target.is_none() {
            c.target = tree.target.clone().filter(|t| t.code != c.source.code);
        }
    }
}

/// The infinitive complements of `v`: "threatened to cut", and "threatened on Monday to cut",
/// which the parser may attach as an adverbial clause marked by "to" without its own subject.
fn complements<'d>(doc: &'d Doc, v: usize) -> impl Iterator<Item = usize> + 'd {
    let t = doc.trees;
    let infinitive = move |k: usize| {
        t.children_with(k, "mark")
            .any(|m| doc.ann.word(m).eq_ignore_ascii_case("to"))
            && t.children_with(k, "nsubj").next().is_none()
    };
    t.children(v)
        .filter(move |&k| match t.deprel(k).map(|d| d.as_str()) {
            Some("xcomp") => true,
            Some("advcl") => infinitive(k),
            _ => false,
        })
}

/// Whether another source's event rests on this verb: a lexical match covering it, or a
/// speech act whose cue it is (a verb inside what was said is not the saying).
fn already_coded(verb: usize, taken: &[Candidate]) -> bool {
    taken.iter().any(|c| {
        c.evidence.contains(&verb) && !c.content.as_ref().is_some_and(|r| r.contains(&verb))
    })
}

/// The most specific pattern of the verb at `v` whose conditions hold.
fn code_verb<'p>(doc: &Doc, v: usize) -> Option<Coded<'p>> {
    let lemma = event_verb(doc.ann, v)?;
    let patterns: &'p [VerbPattern] = VERBS.get(lemma.as_str())?;
    // The most conditions win; among equals, the first in the file.
    patterns
        .iter()
        .enumerate()
        .filter_map(|(i, p)| holds(doc, v, p).map(|complement| (i, p, complement)))
        .max_by_key(|(i, p, _)| (p.conditions(), std::cmp::Reverse(*i)))
        .map(|(_, pattern, complement)| Coded {
            verb: v,
            pattern,
            complement,
        })
}

/// Whether a pattern's conditions hold at `v`: `Some(complement it took)` if so.
fn holds(doc: &Doc, v: usize, p: &VerbPattern) -> Option<Option<usize>> {
    let t = doc.trees;
    let has = |rels: &[&str], words: &[&str]| {
        rels.iter()
            .flat_map(|r| t.children_with(v, r))
            .find(|&c| words.contains(&loose_lemma(doc.ann, c).as_str()))
    };
    if !p.objects.is_empty() && has(&["obj", "nsubj"], &p.objects).is_none() {
        return None;
    }
    if !p.particles.is_empty() && has(&["compound"], &p.particles).is_none() {
        return None;
    }
    if p.complements.is_empty() {
        return Some(None);
    }
    has(&["xcomp", "ccomp"], &p.complements).map(Some)
}

/// Whether the verb at `v` is passive ("was attacked by").
pub(crate) fn is_passive(t: &Trees, v: usize) -> bool {
    t.children(v).any(|c| {
        t.deprel(c)
            .is_some_and(|d| matches!(d.as_str(), "nsubj:pass" | "aux:pass"))
    })
}

/// The subject token of `v`, climbing to the verb it depends on when it has none of its own
/// ("agreed to meet", "met X and signed"), or to the noun a relative clause describes.
fn subject_token(doc: &Doc, v: usize) -> Option<usize> {
    let t = doc.trees;
    let mut at = v;
    for _ in 0..4 {
        // The parser reads "it" before "is willing to" as an expletive at times.
        let own = t.children_with(at, "nsubj").next().or_else(|| {
            t.children_with(at, "expl")
                .find(|&e| is_neuter_pronoun(doc.ann.word(e)))
        });
        let rel = t.deprel(at).map(|d| d.as_str()).unwrap_or("");
        match own {
            // "the army, which attacked …": the relative pronoun stands for the noun.
            Some(s) if rel == "acl:relcl" && is_relative_pronoun(doc.ann.word(s)) => {
                return t.head(at)
            }
            Some(s) => return Some(s),
            None if rel == "acl:relcl" => return t.head(at),
            // "demonstrators protesting the results": an active participle's doer is the
            // noun it describes.
            None if rel == "acl" && doc.ann.tags.get(at).is_some_and(|g| g.xpos == "VBG") => {
                return t.head(at)
            }
            None if matches!(rel, "xcomp" | "conj" | "advcl") => at = t.head(at)?,
            None => return None,
        }
    }
    None
}

/// "it" and "they" as subjects: coreference resolves "he" and "she" to people, these stand
/// for countries, organisations and groups ("Ruritania says it will withdraw").
fn is_neuter_pronoun(w: &str) -> bool {
    matches!(w.to_lowercase().as_str(), "it" | "they")
}

/// What a pronoun subject of `v` stands for: the subject of a clause that governs `v`
/// ("Ruritania says it will withdraw", "the rebels announced they would return"), else the
/// nearest actor that can act named before it in the same or the previous sentence.
fn antecedent(doc: &Doc, v: usize, pron: usize) -> Option<(Party, Range<usize>)> {
    let t = doc.trees;
    let mut at = v;
    // Clauses nest a few levels at most; the bound guards against cycles.
    for _ in 0..6 {
        let rel = t.deprel(at).map(|d| d.universal()).unwrap_or("");
        if !matches!(rel, "ccomp" | "xcomp" | "advcl" | "conj" | "parataxis") {
            break;
        }
        at = t.head(at)?;
        let named = t
            .children_with(at, "nsubj")
            .find(|&s| s < pron && !is_neuter_pronoun(doc.ann.word(s)));
        if let Some(s) = named {
            return party_for(doc, s, true).map(|(p, _)| (p, pron..pron + 1));
        }
    }
    let sentence = doc.ann.sentence_of(pron);
    let first = doc.ann.sentences[sentence.saturating_sub(1)].tokens.start;
    doc.mentions
        .iter()
        .rev()
        .filter(|m| m.agent && m.tokens.start >= first && m.tokens.end <= pron)
        .find(|m| m.kind != EntityType::Person)
        .map(|m| (party(m), pron..pron + 1))
}

fn is_relative_pronoun(w: &str) -> bool {
    matches!(w.to_lowercase().as_str(), "who" | "which" | "that" | "whom")
}

/// The coded agent for the phrase headed by `head`: the mention holding the head word, else the
/// one nearest before it inside the phrase ("Ruritanian troops"), else the first in it.
fn mention_for<'m>(doc: &Doc<'_, 'm>, head: usize) -> Option<&'m CodedMention> {
    let agent = |m: &&CodedMention| m.agent;
    if let Some(m) = doc
        .mentions
        .iter()
        .filter(agent)
        .find(|m| m.tokens.contains(&head))
    {
        return Some(m);
    }
    let span = doc.trees.subtree(head);
    // Only the phrase's own words: not a relative clause or a prepositional phrase below it.
    let inside = |m: &&CodedMention| {
        m.tokens.start >= span.start
            && m.tokens.end <= span.end
            && m.tokens
                .clone()
                .all(|i| !crosses_clause(doc.trees, head, i))
    };
    let candidates: Vec<&CodedMention> = doc.mentions.iter().filter(agent).filter(inside).collect();
    candidates
        .iter()
        .rev()
        .find(|m| m.tokens.end <= head + 1)
        .or_else(|| candidates.first())
        .copied()
}

/// Whether the path from `i` up to `head` passes through a clause (a relative clause or a
/// clausal modifier): actors named there are not the phrase's own.
fn crosses_clause(t: &Trees, head: usize, i: usize) -> bool {
    let mut at = i;
    for _ in 0..32 {
        if at == head {
            return false;
        }
        let rel = t.deprel(at).map(|d| d.universal()).unwrap_or("");
        if matches!(rel, "acl" | "advcl" | "ccomp" | "parataxis") {
            return true;
        }
        match t.head(at) {
            Some(h) => at = h,
            None => return true,
        }
    }
    true
}

/// A preposition phrase below `v` introduced by `prep` ("with X", "on X"): its head noun.
fn oblique(doc: &Doc, v: usize, prep: &str) -> Option<usize> {
    let t = doc.trees;
    let introduced = |n: usize| {
        t.children_with(n, "case")
            .any(|c| doc.ann.word(c).eq_ignore_ascii_case(prep))
    };
    let objects: Vec<usize> = t.children_with(v, "obj").collect();
    t.children_with(v, "obl")
        .chain(objects.iter().flat_map(|&o| t.children_with(o, "nmod")))
        .find(|&n| introduced(n))
}

/// The target head token of the coded verb, by the pattern's slots.
fn target_token(doc: &Doc, c: &Coded, passive: bool) -> Vec<usize> {
    let t = doc.trees;
    // "threatened to cut ties with X": the complement's object or oblique is the target.
    let complement = c.complement.or_else(|| complements(doc, c.verb).next());
    let slots: &[&str] = if c.pattern.targets.is_empty() {
        &DEFAULT_TARGETS
    } else {
        &c.pattern.targets
    };
    let mut out = Vec::new();
    for slot in slots {
        match *slot {
            "obj" if passive => out.extend(t.children_with(c.verb, "nsubj")),
            "obj" => {
                out.extend(t.children_with(c.verb, "obj"));
                out.extend(t.children_with(c.verb, "iobj"));
                // "agreed to meet X": the complement's object.
                if let Some(k) = complement {
                    out.extend(t.children_with(k, "obj"));
                }
            }
            prep => {
                out.extend(oblique(doc, c.verb, prep));
                if let Some(k) = complement {
                    out.extend(oblique(doc, k, prep));
                }
            }
        }
    }
    out
}

/// Words for groups of people that act in the news without a name: "demonstrators in X",
/// "thousands of Ruritanian workers". They are coded by the country the sentence places them in.
const GROUPS: &[&str] = &[
    "demonstrators",
    "protesters",
    "protestors",
    "students",
    "workers",
    "crowds",
    "crowd",
    "thousands",
    "hundreds",
    "dozens",
    "residents",
    "villagers",
    "settlers",
    "refugees",
    "gunmen",
    "militants",
    "inhabitants",
    "people",
    "youths",
    "farmers",
    "strikers",
    "activists",
    "groups",
    "group",
    "members",
    "supporters",
    "leaders",
    "elders",
];

/// An actor for a phrase that names none: a group or an agent noun ("police", "rebels"),
/// coded by a country named inside the phrase ("thousands of Ruritanian workers") or, for the
/// source, where the sentence places the event ("demonstrators in Zenda").
fn described_party(doc: &Doc, head: usize, anywhere: bool) -> Option<(Party, Range<usize>)> {
    let ann = doc.ann;
    let word = ann.word(head).to_lowercase();
    let span = doc.trees.subtree(head);
    // A people named by its plural demonym ("four Iraqis", "Liberians") is its country, and
    // a country or capital the name tagger left unmarked ("Beirut rejected") is that country.
    let named_country = || {
        let proper = ann.tags.get(head).is_some_and(|t| t.upos == Upos::Propn);
        proper
            .then(|| crate::actors::country_by_name(ann.word(head)))
            .flatten()
    };
    let people = crate::actors::people(ann.word(head));
    if let Some(country) = people.or_else(named_country) {
        let code = country.to_string();
        return Some((Party { entity: None, code }, span));
    }
    let role = crate::actors::role_of(&word);
    if role.is_none() && !GROUPS.contains(&word.as_str()) {
        return None;
    }
    let country_of = |m: &CodedMention| split_code(&m.code).0.map(str::to_string);
    let inside = span.clone().find_map(|i| {
        crate::actors::demonym(ann.word(i))
            .map(str::to_string)
            .or_else(|| {
                doc.mentions
                    .iter()
                    .filter(|m| m.tokens.start == i && m.tokens.end <= span.end)
                    .find_map(country_of)
            })
    });
    let sentence = ann.sentences[ann.sentence_of(head)].tokens.clone();
    let placed = || {
        doc.mentions
            .iter()
            .filter(|m| !m.agent && sentence.contains(&m.tokens.start))
            .find_map(country_of)
    };
    let country = inside.or_else(|| anywhere.then(placed).flatten())?;
    let code = format!("{country}{}", role.unwrap_or(""));
    Some((Party { entity: None, code }, span))
}

/// The source or target of a verb: the coded mention for the phrase headed by `head`, else a
/// described group or agent.
fn party_for(doc: &Doc, head: usize, source: bool) -> Option<(Party, Range<usize>)> {
    match mention_for(doc, head) {
        Some(m) => Some((party(m), m.tokens.clone())),
        None => described_party(doc, head, source),
    }
}

fn candidate(doc: &Doc, c: &Coded) -> Option<Candidate> {
    let (ann, t) = (doc.ann, doc.trees);
    let passive = is_passive(t, c.verb);
    let source_head = if passive {
        oblique(doc, c.verb, "by")
    } else {
        subject_token(doc, c.verb)
    }?;
    let resolved = if is_neuter_pronoun(ann.word(source_head)) {
        antecedent(doc, c.verb, source_head)
    } else {
        party_for(doc, source_head, true)
    };
    let (source, source_span) = resolved.filter(|(p, _)| !is_media(&p.code))?;
    let target = target_token(doc, c, passive)
        .into_iter()
        .filter_map(|h| party_for(doc, h, false))
        .find(|(p, _)| {
            p.code != source.code
                && (p.entity.is_none() || p.entity != source.entity)
                && !is_media(&p.code)
        });
    let sentence = ann.sentences[ann.sentence_of(c.verb)].tokens.clone();
    let mut evidence = c.verb..c.verb + 1;
    for r in std::iter::once(&source_span).chain(target.as_ref().map(|(_, r)| r)) {
        // A long phrase is cut to the verb's neighbourhood: the evidence shows the event.
        let r = r.start.max(c.verb.saturating_sub(12))..r.end.min(c.verb + 12);
        evidence = evidence.start.min(r.start)..evidence.end.max(r.end);
    }
    let negated = negated(doc, c.verb);
    let modality = modality(doc, c.verb);
    // A denied intention ("will not accept") stays the act denied.
    let cameo = match modality {
        Modality::Intended if !negated => intent_code(c.pattern.cameo),
        _ => c.pattern.cameo,
    };
    Some(Candidate {
        source,
        target: target.map(|(p, _)| p),
        cameo,
        // The pattern's mode describes the act, not the intent to it.
        mode: c.pattern.mode.filter(|_| cameo == c.pattern.cameo),
        evidence,
        date_scope: vec![sentence],
        quote: None,
        content: None,
        negated,
        hypothetical: modality != Modality::Real,
        origin: Origin::Tree,
    })
}

/// News outlets report events; they are neither side of a political one.
fn is_media(code: &str) -> bool {
    split_code(code).1.is_some_and(|r| r.ends_with("MED"))
}

fn party(m: &CodedMention) -> Party {
    Party {
        entity: m.entity,
        code: m.code.clone(),
    }
}

/// "did not meet", "never visited", "has yet to sign" are denied, not reported.
fn negated(doc: &Doc, v: usize) -> bool {
    let t = doc.trees;
    t.children(v).any(|c| {
        let w = doc.ann.word(c).to_lowercase().replace('’', "'");
        t.deprel(c).is_some_and(|d| d.universal() == "advmod")
            && matches!(w.as_str(), "not" | "n't" | "never")
    })
}

/// How real a coded verb's event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modality {
    Real,
    /// Announced or intended: "will withdraw", "would boycott", "plans to visit", "is willing
    /// to withdraw".
    Intended,
    /// Possible, conditional or owed: "could meet", "if … attacks", "should resign", "must
    /// hand over" (a demand on the actor, not its act).
    Possible,
}

/// Modals, conditions and intentions make an event unreal or not yet real: "would meet",
/// "if … attacks", "plans to visit".
fn modality(doc: &Doc, v: usize) -> Modality {
    let t = doc.trees;
    let word = |i: usize| doc.ann.word(i).to_lowercase().replace('’', "'");
    let aux: Vec<String> = t.children_with(v, "aux").map(word).collect();
    let any = |words: &[&str]| aux.iter().any(|a| words.contains(&a.as_str()));
    let condition = t
        .children_with(v, "mark")
        .any(|c| matches!(word(c).as_str(), "if" | "unless"));
    let intended = t.deprel(v).is_some_and(|d| d.as_str() == "xcomp")
        && t.head(v).is_some_and(|h| {
            matches!(
                loose_lemma(doc.ann, h).as_str(),
                "plan"
                    | "want"
                    | "hope"
                    | "intend"
                    | "seek"
                    | "expect"
                    | "aim"
                    | "prepare"
                    | "wish"
                    | "need"
                    | "willing"
                    | "ready"
                    | "prepared"
            )
        });
    // "tried to hack": an attempt is neither done for certain nor announced.
    let attempted = t.deprel(v).is_some_and(|d| d.as_str() == "xcomp")
        && t.head(v)
            .is_some_and(|h| matches!(loose_lemma(doc.ann, h).as_str(), "try" | "attempt"));
    if condition || attempted || any(&["could", "might", "may", "should", "can", "must"]) {
        Modality::Possible
    } else if intended || any(&["would", "will", "shall", "'ll"]) {
        Modality::Intended
    } else {
        Modality::Real
    }
}

/// CAMEO codes an announced act as the intent to do it: cooperation as "express intent to"
/// (03: "will withdraw" 035, "would meet" 036), conflict as a threat (13: "would boycott" 133,
/// "will attack" 138). Other codes (demands, rejections, threats) already say what was said.
pub(crate) fn intent_code(code: &'static str) -> &'static str {
    match code.get(..2) {
        Some("04") => "036",
        Some("05") => "032",
        Some("06") => "031",
        Some("07") => "033",
        Some("08") => "035",
        Some("14") => "133",
        Some("16") => "131",
        Some("17") => "137",
        Some("15" | "18" | "19" | "20") => "138",
        _ => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verb_file_parses_and_every_code_is_known() {
        let all: usize = VERBS.values().map(Vec::len).sum();
        assert!(all > 100, "{all} patterns");
        for p in VERBS.values().flatten() {
            assert!(
                super::super::cameo::lookup(p.cameo).is_some(),
                "unknown CAMEO code {} for {}",
                p.cameo,
                p.lemma
            );
        }
        let p = parse("036  agree  comp=meet|talk  tgt=with  mode=meet\n");
        assert_eq!(p[0].complements, ["meet", "talk"]);
        assert_eq!(p[0].targets, ["with"]);
        assert_eq!(p[0].mode, Some("meet"));
        assert_eq!(p[0].conditions(), 1);
        assert!(parse("036 agree nonsense=1\n").is_empty());
        assert!(parse("036 agree obj=\n").is_empty());
    }
}
