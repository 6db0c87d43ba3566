//! Quotes stage: who said what, to whom, through which channel, relayed by whom.
//!
//! Rules, in order: quotation marks are paired ([`marks`]); quoted spans are attributed to the
//! cue and speaker beside them ([`direct`]); reported speech without marks, and with quoted
//! fragments, is found around cue verbs ([`indirect`]); quotes without a cue of their own carry
//! on the previous speaker; a quote inside another quote's content is nested in it.

pub mod attribution;
pub mod cues;
mod direct;
mod indirect;
mod learned;
pub mod marks;
pub mod parties;
pub mod trace;

use crate::entities::{text_span, Entities};
use crate::model::{self, CharIndex, QuoteType};
use crate::text::syntax::Trees;
use crate::text::Annotated;
use cues::Cue;
use marks::Quoted;
use parties::Party;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A quote as the stage finds it, in token ranges; [`Quotes::to_output`] turns it into the contract.
#[derive(Debug, Clone)]
pub struct Found {
    pub kind: QuoteType,
    pub content: Range<usize>,
    pub cue: Option<Cue>,
    pub speaker: Option<Party>,
    pub addressee: Option<Party>,
    pub channel: Option<Range<usize>>,
    pub via: Vec<Party>,
    /// Index of the quote this one carries on.
    pub continues: Option<usize>,
    pub nested_in: Option<usize>,
    pub confidence: f32,
    /// What a denial is about: "any suggestion of a guarantee" in "described any suggestion of a
    /// guarantee as “not right”".
    pub about: Option<Range<usize>>,
}

impl Found {
    fn new(kind: QuoteType, content: Range<usize>, confidence: f32) -> Self {
        Found {
            kind,
            content,
            cue: None,
            speaker: None,
            addressee: None,
            channel: None,
            via: Vec::new(),
            continues: None,
            nested_in: None,
            confidence,
            about: None,
        }
    }

    /// A belief when its cue is a verb of thought or wish, else a statement.
    pub fn act(&self) -> model::QuoteKind {
        match self.cue.as_ref().map(|c| c.lemma.kind) {
            Some(cues::CueKind::Belief) => model::QuoteKind::Belief,
            _ => model::QuoteKind::Statement,
        }
    }

    /// Whether the quote's cue denies what it reports.
    pub fn is_denial(&self) -> bool {
        self.cue.as_ref().is_some_and(|c| c.lemma.denial)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Quotes {
    /// In text order of content.
    pub items: Vec<Found>,
}

/// Shared state of one document's attribution.
pub(crate) struct Doc<'a, 'b> {
    pub ann: &'b Annotated<'a>,
    pub ents: &'b Entities,
    pub cues: Vec<Cue>,
    pub quoted: Vec<Quoted>,
    /// Cue start tokens already spent on a quote.
    pub used: HashSet<usize>,
    pub items: Vec<Found>,
    /// Items by the paragraph of their content start, so that lookups stay local.
    pub by_paragraph: HashMap<usize, Vec<usize>>,
}

impl Doc<'_, '_> {
    fn use_cue(&mut self, cue: &Cue) {
        self.used.insert(cue.tokens.start);
    }

    fn is_used(&self, cue: &Cue) -> bool {
        self.used.contains(&cue.tokens.start)
    }

    fn push(&mut self, f: Found) {
        let p = self.ann.paragraph_of(f.content.start);
        self.by_paragraph
            .entry(p)
            .or_default()
            .push(self.items.len());
        self.items.push(f);
    }

    /// Indices of the items of paragraph `p` and the one before it, in the order found.
    fn near(&self, p: usize) -> Vec<usize> {
        let mut out: Vec<usize> = [p.checked_sub(1), Some(p)]
            .into_iter()
            .flatten()
            .filter_map(|q| self.by_paragraph.get(&q))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out
    }

    /// Cues that start inside `range` (cues are sorted by start).
    fn cues_in(&self, range: Range<usize>) -> &[Cue] {
        let a = self.cues.partition_point(|c| c.tokens.start < range.start);
        let b = self.cues.partition_point(|c| c.tokens.start < range.end);
        &self.cues[a..b.max(a)]
    }

    /// Quoted spans whose opening mark lies inside `range` (sorted by opening mark).
    fn quoted_in(&self, range: Range<usize>) -> &[Quoted] {
        let a = self.quoted.partition_point(|q| q.open < range.start);
        let b = self.quoted.partition_point(|q| q.open < range.end);
        &self.quoted[a..b.max(a)]
    }

    /// The quoted span whose content holds token `i` (quoted spans do not overlap).
    fn quoted_around(&self, i: usize) -> Option<&Quoted> {
        let k = self.quoted.partition_point(|q| q.open < i);
        k.checked_sub(1)
            .map(|k| &self.quoted[k])
            .filter(|q| q.content.start <= i && i < q.content.end)
    }

    /// End of the sentence holding token `i`.
    fn sentence_end(&self, i: usize) -> usize {
        self.ann.sentences[self.ann.sentence_of(i)].tokens.end
    }

    fn sentence_start(&self, i: usize) -> usize {
        self.ann.sentences[self.ann.sentence_of(i)].tokens.start
    }
}

/// Do two token ranges share a token?
pub(crate) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Which sentences the learned model needs trees for: those holding a word of the cue lexicon,
/// a word the model learnt to score as a cue, "according", a colon or a quotation mark; trees
/// elsewhere would be parsed for nothing.
pub fn sentences_to_parse(ann: &Annotated) -> Vec<bool> {
    let model = attribution::AttributionModel::embedded();
    let cue_like = |i: usize| {
        let w = ann.word(i);
        cues::lookup(w).is_some()
            || w == ":"
            || w.eq_ignore_ascii_case("according")
            || w.chars().any(crate::text::is_quote_char)
            || model.is_some_and(|m| m.may_be_cue(w))
    };
    ann.sentences
        .iter()
        .map(|s| s.tokens.clone().any(cue_like))
        .collect()
}

/// The rules, then the learned model (when one is embedded and the document has trees)
/// correcting and extending what they found.
pub fn find(ann: &Annotated, ents: &Entities, trees: &Trees) -> Quotes {
    let mut doc = Doc {
        ann,
        ents,
        cues: cues::find(ann),
        quoted: marks::pair(ann),
        used: HashSet::new(),
        items: Vec::new(),
        by_paragraph: HashMap::new(),
    };
    direct::attribute(&mut doc);
    direct::labelled(&mut doc);
    indirect::find(&mut doc);
    direct::carry_on(&mut doc);
    if let Some(m) = attribution::AttributionModel::embedded() {
        if !trees.is_empty() {
            learned::apply(&mut doc, m, trees);
        } else if trace::recording() {
            learned::note_unparsed(&doc, m);
        }
    }
    let mut items = in_text_order(doc.items);
    nest(&mut items);
    Quotes { items }
}

/// Sort by content start, keeping `continues` links pointing at the right items.
fn in_text_order(items: Vec<Found>) -> Vec<Found> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (items[i].content.start, items[i].content.end));
    let mut new_index = vec![0; items.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    order
        .iter()
        .map(|&old| {
            let mut f = items[old].clone();
            f.continues = f.continues.map(|c| new_index[c]);
            f
        })
        .collect()
}

/// How far back (in tokens) an enclosing quote may start: quotes nest within a paragraph.
const NEST_WINDOW: usize = 400;

/// A quote whose content and cue lie inside another quote's content is nested in the smallest such.
fn nest(items: &mut [Found]) {
    for i in 0..items.len() {
        let inner = &items[i];
        let anchor = inner.cue.as_ref().map_or(inner.content.start, |c| {
            c.tokens.start.min(inner.content.start)
        });
        let lo = items.partition_point(|f| f.content.start + NEST_WINDOW < anchor);
        let hi = items.partition_point(|f| f.content.start <= anchor);
        let outer = (lo..hi)
            .filter(|&j| j != i)
            .filter(|&j| {
                let o = &items[j].content;
                o.start <= anchor && inner.content.end <= o.end && o.len() > inner.content.len()
            })
            .min_by_key(|&j| items[j].content.len());
        items[i].nested_in = outer;
    }
}

impl Quotes {
    pub fn to_output(
        &self,
        ann: &Annotated,
        ents: &Entities,
        index: &CharIndex,
    ) -> Vec<model::Quote> {
        let span = |r: Range<usize>| text_span(ann, index, r);
        let party = |p: &Party| model::Party {
            entity: p.entity.map(|e| ents.entity_id(e)),
            name: p.entity.map_or_else(
                || ann.slice(p.tokens.clone()).to_string(),
                |e| ents.name_of(e).to_string(),
            ),
            mention: span(p.tokens.clone()),
        };
        let id = |i: usize| format!("q{}", i + 1);
        self.items
            .iter()
            .enumerate()
            .map(|(i, f)| model::Quote {
                id: id(i),
                kind: f.kind,
                act: f.act(),
                content: span(f.content.clone()),
                cue: f.cue.as_ref().map(|c| span(c.tokens.clone())),
                speaker: f.speaker.as_ref().map(|p| model::Speaker {
                    entity: p.entity.map(|e| ents.entity_id(e)),
                    name: p.entity.map(|e| ents.name_of(e).to_string()),
                    mention: span(p.tokens.clone()),
                }),
                addressee: f.addressee.as_ref().map(party),
                channel: f.channel.clone().map(span),
                via: f.via.iter().map(party).collect(),
                continues: f.continues.map(id),
                nested_in: f.nested_in.map(id),
                confidence: f.confidence,
            })
            .collect()
    }
}
