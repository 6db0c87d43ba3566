//! Training the attribution model from PolNeAR documents (brat standoff, character offsets).
//!
//! Each gold attribution gives one example per decision: every token is a cue-word example;
//! the gold cue's head word gives a cue-span ranking; its content and source give rankings over
//! the candidates built around the gold cue. Gold spans that do not fall on token boundaries,
//! or that no candidate reproduces, cannot be learnt and are counted in [`TrainStats`].

use super::candidates::{self, CueSpan};
use super::context::Context;
use super::features::{self, collected};
use super::span::{self, Frame, Part};
use super::AttributionModel;
use crate::eval::polnear::{gold_attributions, Attribution, Corpus, Document};
use crate::eval::spans::Fragments;
use crate::quotes::marks;
use crate::quotes::overlaps;
use crate::text::perceptron::{argmax, Ensemble, Feature, Rng, Trainer};
use crate::text::{self, syntax, Annotated};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    /// Passes of the factorised content model, which keeps improving on dev after the
    /// rankers and the cue classifier have peaked.
    pub content_epochs: usize,
    pub seed: u64,
    /// Models trained, with seeds `seed`, `seed + 1`, …; the model is their mean weights.
    pub seeds: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        // Five passes score best on PolNeAR dev for the cue classifier and the rankers (eight
        // gave exact F1 content 0.492, source 0.670, cue 0.667 against 0.497 / 0.672 / 0.673);
        // the content span model keeps gaining: 15 passes give content 0.526 against 0.522
        // after 10 (`attache eval polnear`, with the other parts at 5). The mean of five
        // seeds' models beats each seed alone: exact F1 content / source / cue 0.534 / 0.730 /
        // 0.694, against 0.527 / 0.724 / 0.685 for seed 1 and 0.527–0.531 / 0.724–0.726 /
        // 0.682–0.687 for seeds 1 to 3 (3 seeds 0.531 / 0.727 / 0.692, 10 seeds 0.531 / 0.726
        // / 0.693); it costs five times the perceptron passes, not the parsing.
        TrainConfig {
            epochs: 5,
            content_epochs: 15,
            seed: 1,
            seeds: 5,
        }
    }
}

/// How much of the gold the candidates can reach: the ceiling of exact-match scores.
#[derive(Debug, Clone, Default)]
pub struct TrainStats {
    pub attributions: usize,
    pub cues_aligned: usize,
    pub cue_spans_reachable: usize,
    /// Gold contents inside the window of the factorised model (the content ceiling).
    pub contents_reachable: usize,
    /// Gold contents among the tree candidates.
    pub contents_in_candidates: usize,
    /// Gold contents the model finds exactly when given the gold cue (dev only).
    pub contents_found: usize,
    /// Gold contents inside the window that the model misses from the gold cue, by which
    /// boundary is wrong (dev only; the returned stats carry the dev counts).
    pub content_errors: BTreeMap<&'static str, usize>,
    /// A sample of those misses, as "kind | cue | gold | found" lines (dev only).
    pub content_error_examples: Vec<String>,
    /// A sample of the dev sources out of reach and of the wrong sources chosen from the gold
    /// cue and content, as "kind | cue | gold | found" lines.
    pub source_examples: Vec<String>,
    pub sources: usize,
    pub sources_reachable: usize,
    /// Gold sources no candidate reproduces, by why (see [`source_miss`]).
    pub source_misses: BTreeMap<&'static str, usize>,
    /// The model's source for the gold cue and content, against the gold source (dev only):
    /// right, or how it is wrong.
    pub source_choices: BTreeMap<&'static str, usize>,
    /// Gold contents no candidate reproduces, by shape.
    pub content_misses: BTreeMap<&'static str, usize>,
    /// Gold spans no candidate reproduces, as "role | cue | gold text" lines, for tuning the
    /// candidate generator (the first few hundred).
    pub misses: Vec<String>,
}

/// How many unreachable gold spans are kept for inspection.
const MISSES_KEPT: usize = 400;

/// How many dev source errors are kept: all of them on PolNeAR dev.
const SOURCE_EXAMPLES_KEPT: usize = 1000;

impl TrainStats {
    fn miss(&mut self, cx: &Context, role: &str, cue: &CueSpan, gold: Option<Range<usize>>) {
        if self.misses.len() < MISSES_KEPT {
            let text = gold.map_or_else(
                || {
                    format!(
                        "<not on token boundaries> in: {}",
                        cx.ann.slice(cx.sentence_range(cue.head))
                    )
                },
                |g| {
                    format!(
                        "[{}] in: {}",
                        cx.ann.slice(g),
                        cx.ann.slice(cx.sentence_range(cue.head))
                    )
                },
            );
            self.misses.push(format!(
                "{role} | {} | {text}",
                cx.ann.slice(cue.tokens.clone())
            ));
        }
    }
}

/// Candidates of one ranking decision and the index of the right one.
struct Ranking {
    candidates: Vec<Vec<Feature>>,
    gold: usize,
}

/// One content decision for the factorised model: the features of every start, end and
/// inside token of the cue's window, and the tree candidates with their ranker features.
struct SpanExample {
    window: Range<usize>,
    cue: Range<usize>,
    /// Tokens the content may not hold (`Frame::agents`).
    barred: Vec<usize>,
    gold: Range<usize>,
    /// Features of window position k in each role ([`Part::ALL`] order), flattened: role p of
    /// position k is `feats[offsets[3k + p]..offsets[3k + p + 1]]`.
    feats: Vec<Feature>,
    offsets: Vec<u32>,
    bonus: Vec<(Range<usize>, Vec<Feature>)>,
}

impl SpanExample {
    fn new(
        cx: &Context,
        cue: &CueSpan,
        contents: &[candidates::Candidate],
        gold: Range<usize>,
    ) -> Self {
        let frame = Frame::new(cx, cue, contents);
        let mut feats = Vec::new();
        let mut offsets = vec![0u32];
        let mut buf = Vec::new();
        for t in frame.window.clone() {
            for part in Part::ALL {
                span::features(cx, &frame, part, t, &mut buf);
                feats.extend_from_slice(&buf);
                offsets.push(feats.len() as u32);
            }
        }
        let bonus = contents
            .iter()
            .map(|c| {
                (
                    c.tokens.clone(),
                    collected(|f| features::content(cx, cue, c, f)),
                )
            })
            .collect();
        SpanExample {
            barred: frame.agents(cx),
            window: frame.window,
            cue: cue.tokens.clone(),
            gold,
            feats,
            offsets,
            bonus,
        }
    }

    /// Features of token `t` in the role `part`.
    fn part(&self, t: usize, part: Part) -> &[Feature] {
        let k = Part::ALL.len() * (t - self.window.start) + part as usize;
        &self.feats[self.offsets[k] as usize..self.offsets[k + 1] as usize]
    }

    /// All features of a span, the ranker's when it is a tree candidate.
    fn of_span(&self, r: &Range<usize>) -> Vec<Feature> {
        let mut out = Vec::new();
        out.extend_from_slice(self.part(r.start, Part::Start));
        out.extend_from_slice(self.part(r.end - 1, Part::End));
        for t in r.clone() {
            out.extend_from_slice(self.part(t, Part::Inside));
        }
        if let Some((_, f)) = self.bonus.iter().find(|(b, _)| b == r) {
            out.extend_from_slice(f);
        }
        out
    }

    fn decode(&self, t: &Trainer) -> Option<Range<usize>> {
        let score = |f: &[Feature]| {
            let mut s = [0i32; 1];
            t.score(f, &mut s);
            s[0]
        };
        let scores = span::Scores::of_window(&self.window, |part, i| score(self.part(i, part)));
        let bonus: Vec<(Range<usize>, i32)> = self
            .bonus
            .iter()
            .map(|(r, f)| (r.clone(), score(f)))
            .collect();
        span::decode(&self.window, &self.cue, &self.barred, &scores, &bonus)
    }
}

#[derive(Default)]
struct Examples {
    /// Per lowercased word: how often it occurs, and how often it heads a gold cue.
    words: HashMap<String, (u32, u32)>,
    cue_tokens: Vec<(Vec<Feature>, usize)>,
    cue_spans: Vec<Ranking>,
    contents: Vec<SpanExample>,
    /// Whether to keep content examples (not when only counting what is reachable).
    keep_contents: bool,
    sources: Vec<Ranking>,
}

/// Train on `corpus`; with `dev`, the cue threshold is tuned there for cue F1.
pub fn train(
    corpus: &Corpus,
    dev: Option<&Corpus>,
    config: &TrainConfig,
    progress: impl Fn(&str),
) -> (AttributionModel, TrainStats) {
    let mut ex = Examples {
        keep_contents: true,
        ..Examples::default()
    };
    let mut stats = TrainStats::default();
    for (k, doc) in corpus.documents.iter().enumerate() {
        with_document(doc, |cx, spans, gold| {
            collect(cx, spans, gold, &mut ex, &mut stats)
        });
        if (k + 1) % 100 == 0 {
            progress(&format!("  read {} documents", k + 1));
        }
    }
    progress(&format!(
        "  examples: {} tokens, {} cue spans, {} contents, {} sources",
        ex.cue_tokens.len(),
        ex.cue_spans.len(),
        ex.contents.len(),
        ex.sources.len()
    ));
    progress(&format!(
        "  train sources out of reach: {}",
        joined(&stats.source_misses)
    ));
    let cue_words = cue_words(&ex.words);
    progress(&format!("  cue words: {}", cue_words.len()));
    let parts = train_parts(&ex, config, &progress);
    let mut model = AttributionModel {
        cue_bias: 0,
        cue_word_hashes: super::word_hashes(&cue_words),
        cue_words,
        cue: parts.cue.finish(MIN_WEIGHT),
        cue_span: parts.cue_span.finish(MIN_WEIGHT),
        content: parts.content.finish(MIN_WEIGHT),
        source: parts.source.finish(MIN_WEIGHT),
    };
    if let Some(dev) = dev {
        let margins = cue_margins(&model, dev);
        let (bias, f1) = best_bias(&margins);
        progress(&format!(
            "  cue F1 on dev: {:.3} at bias 0, {f1:.3} at bias {bias}",
            f1_at(&margins, 0)
        ));
        model.cue_bias = bias;
        let reach = dev_reach(&model, dev);
        progress(&format!(
            "  dev: {} gold attributions; content reachable {} ({:.1}%; among tree candidates {}, {:.1}%), found exactly from the gold cue {} ({:.1}%), sources {} of which reachable {}, cue head in the cue words {}",
            reach.attributions,
            reach.contents_reachable,
            100.0 * reach.contents_reachable as f64 / reach.attributions.max(1) as f64,
            reach.contents_in_candidates,
            100.0 * reach.contents_in_candidates as f64 / reach.attributions.max(1) as f64,
            reach.contents_found,
            100.0 * reach.contents_found as f64 / reach.attributions.max(1) as f64,
            reach.sources,
            reach.sources_reachable,
            reach.cues_aligned,
        ));
        progress(&format!(
            "  dev contents in the window missed from the gold cue: {}",
            joined(&reach.content_errors)
        ));
        progress(&format!(
            "  dev sources out of reach: {}",
            joined(&reach.source_misses)
        ));
        progress(&format!(
            "  dev sources chosen from the gold cue and content: {}",
            joined(&reach.source_choices)
        ));
        stats.source_choices = reach.source_choices;
        stats.source_examples = reach.source_examples;
        stats.content_errors = reach.content_errors;
        stats.content_error_examples = reach.content_error_examples;
    }
    (model, stats)
}

/// The weights of the model's four decisions, each the mean over the seeds' models.
struct Parts {
    cue: Ensemble,
    cue_span: Ensemble,
    content: Ensemble,
    source: Ensemble,
}

/// Trains every part once per seed. The examples are collected (parsed) once; each seed only
/// reshuffles them, so an ensemble of n costs n times the perceptron passes, not the parsing.
fn train_parts(ex: &Examples, config: &TrainConfig, progress: &impl Fn(&str)) -> Parts {
    let mut parts = Parts {
        cue: Ensemble::new(2),
        cue_span: Ensemble::new(1),
        content: Ensemble::new(1),
        source: Ensemble::new(1),
    };
    for seed in (config.seed..).take(config.seeds.max(1)) {
        if config.seeds > 1 {
            progress(&format!("  training with seed {seed}"));
        }
        let mut rng = Rng::new(seed);
        parts
            .cue
            .add(&train_classifier(&ex.cue_tokens, config.epochs, &mut rng));
        parts
            .cue_span
            .add(&train_ranker(&ex.cue_spans, config.epochs, &mut rng));
        parts
            .content
            .add(&train_spans(&ex.contents, config.content_epochs, &mut rng));
        parts
            .source
            .add(&train_ranker(&ex.sources, config.epochs, &mut rng));
    }
    parts
}

/// Counts as "kind n, kind n", most frequent first.
fn joined(counts: &BTreeMap<&'static str, usize>) -> String {
    let mut v: Vec<_> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let parts: Vec<String> = v.iter().map(|(k, n)| format!("{k} {n}")).collect();
    parts.join(", ")
}

/// A word is worth scoring as a cue when it headed gold cues at least this often in training
/// and at least this share of its occurrences: words that are seldom cues cost parsing and
/// scoring on every sentence that holds them, for a handful of finds. A single time is
/// enough: the long tail of cue words ("lifted", "rated") is where the missed attributions
/// are, and the classifier's features carry over to words seen once (dev exact F1 rose on all
/// three parts against a minimum of two; see models/attribution.md).
const CUE_WORD_MIN_COUNT: u32 = 1;
const CUE_WORD_MIN_SHARE: f64 = 0.02;

fn cue_words(words: &HashMap<String, (u32, u32)>) -> Vec<String> {
    let mut out: Vec<String> = words
        .iter()
        .filter(|(_, &(n, cue))| {
            cue >= CUE_WORD_MIN_COUNT && f64::from(cue) >= CUE_WORD_MIN_SHARE * f64::from(n)
        })
        .map(|(w, _)| w.clone())
        .collect();
    out.sort_unstable();
    out
}

/// Runs `f` over one document analysed as the model sees it, with its gold attributions.
fn with_document(doc: &Document, f: impl FnOnce(&Context, &Spans, &[Attribution])) {
    let chars: Vec<char> = doc.text.chars().collect();
    let gold = gold_attributions(&doc.annotations, &chars, &mut Vec::new());
    let ann = text::annotate(&doc.text);
    let trees = syntax::parse(&ann);
    let cx = Context::new(&ann, &trees);
    f(&cx, &Spans::new(&ann, &doc.text), &gold);
}

/// How much of the dev gold the candidates reach (the ceiling of the exact scores), and how
/// many gold cue heads the cue vocabulary holds (in `cues_aligned`).
fn dev_reach(model: &AttributionModel, dev: &Corpus) -> TrainStats {
    let mut stats = TrainStats::default();
    let mut vocabulary = 0;
    for doc in &dev.documents {
        with_document(doc, |cx, spans, gold| {
            collect(cx, spans, gold, &mut Examples::default(), &mut stats);
            contents_found(model, cx, spans, gold, &mut stats);
            vocabulary += gold
                .iter()
                .filter_map(|g| spans.tokens(&g.cue))
                .filter(|cue| model.may_be_cue_at(cx, cue_head(cx, cue.clone())))
                .count();
        });
    }
    stats.cues_aligned = vocabulary;
    stats
}

/// Counts the gold contents the model draws exactly from the gold cue, and sorts the misses
/// inside the window by the boundary that is wrong.
fn contents_found(
    model: &AttributionModel,
    cx: &Context,
    spans: &Spans,
    gold: &[Attribution],
    stats: &mut TrainStats,
) {
    let quoted = marks::pair(cx.ann);
    let mut shared = span::SharedScores::new(cx.len());
    for g in gold {
        let (Some(tokens), Some(want)) = (spans.tokens(&g.cue), spans.tokens(&g.content)) else {
            continue;
        };
        let cue = CueSpan {
            head: cue_head(cx, tokens.clone()),
            tokens,
        };
        let gold_source = if g.source.is_empty() {
            Some(None)
        } else {
            spans.tokens(&g.source).map(Some)
        };
        if let Some(gold_source) = gold_source {
            let chosen = model.best_source(cx, &cue, &want);
            let kind = source_choice(gold_source.as_ref(), chosen.as_ref());
            *stats.source_choices.entry(kind).or_default() += 1;
            if !kind.starts_with("right") && stats.source_examples.len() < SOURCE_EXAMPLES_KEPT {
                let text = |r: Option<Range<usize>>| {
                    r.map_or_else(String::new, |r| cx.ann.slice(r).to_string())
                };
                stats.source_examples.push(format!(
                    "chosen {kind} | {} | gold [{}] | found [{}]",
                    cx.ann.slice(cue.tokens.clone()),
                    text(gold_source),
                    text(chosen),
                ));
            }
        }
        let found = model.best_content(cx, &cue, &quoted, &mut shared);
        if found.as_ref() == Some(&want) {
            stats.contents_found += 1;
            continue;
        }
        let contents = candidates::contents(cx, &cue, &quoted);
        let window = Frame::new(cx, &cue, &contents).window;
        let reachable = window.start <= want.start && want.end <= window.end;
        if !reachable || overlaps(&want, &cue.tokens) {
            continue;
        }
        let kind = content_error(&want, found.as_ref(), &cue.tokens);
        *stats.content_errors.entry(kind).or_default() += 1;
        if stats.content_error_examples.len() < MISSES_KEPT {
            let text = |r: &Range<usize>| cx.ann.slice(r.clone()).to_string();
            stats.content_error_examples.push(format!(
                "{kind} | {} | gold [{}] | found [{}]",
                cx.ann.slice(cue.tokens.clone()),
                text(&want),
                found.as_ref().map_or_else(String::new, text),
            ));
        }
    }
}

/// Which boundary of a content found from the gold cue is wrong.
fn content_error(
    gold: &Range<usize>,
    found: Option<&Range<usize>>,
    cue: &Range<usize>,
) -> &'static str {
    let Some(found) = found else {
        return "none";
    };
    let right = |r: &Range<usize>| r.start >= cue.end;
    if right(gold) != right(found) {
        "other side of the cue"
    } else if found.start == gold.start {
        if found.end > gold.end {
            "ends late"
        } else {
            "ends early"
        }
    } else if found.end == gold.end {
        if found.start < gold.start {
            "starts early"
        } else {
            "starts late"
        }
    } else if overlaps(gold, found) {
        "both boundaries"
    } else {
        "elsewhere on its side"
    }
}

/// How the model's source for a gold cue and content compares with the gold source.
fn source_choice(gold: Option<&Range<usize>>, chosen: Option<&Range<usize>>) -> &'static str {
    match (gold, chosen) {
        (None, None) => "right (none)",
        (None, Some(_)) => "one where gold has none",
        (Some(_), None) => "none",
        (Some(g), Some(c)) if g == c => "right",
        (Some(g), Some(c)) if !overlaps(g, c) => "another phrase",
        (Some(g), Some(c)) if c.start <= g.start && g.end <= c.end => "too long",
        (Some(g), Some(c)) if g.start <= c.start && c.end <= g.end => "too short",
        _ => "shifted",
    }
}

/// Why no source candidate reproduces a gold source: where it lies, and how it differs from
/// the phrase of the parse it belongs to (the candidates are cut along the tree).
fn source_miss(cx: &Context, cue: &CueSpan, gold: Option<&Range<usize>>) -> &'static str {
    let Some(r) = gold else {
        return "edges inside tokens or several pieces";
    };
    let k = cx.sentence[cue.head];
    let (a, b) = (cx.sentence[r.start], cx.sentence[r.end - 1]);
    if a != b || a > k || a + 1 < k {
        return "outside the cue's sentence and the one before";
    }
    if overlaps(r, &cue.tokens) {
        return "overlaps the cue";
    }
    if r.len() > candidates::MAX_SOURCE {
        return "longer than the longest candidate";
    }
    let roots: Vec<usize> = cx.roots(r.clone()).filter(|&t| !cx.is_punct(t)).collect();
    let [root] = roots[..] else {
        return "several phrases in the parse";
    };
    let sub = cx.subtree(root);
    if sub.contains(&cue.head) {
        return "its phrase holds the cue";
    }
    if !candidates::heads_phrase(cx.upos(root)) {
        return "headed by a verb or another part of speech";
    }
    if r.start > sub.start {
        "its phrase starts earlier"
    } else if r.end < sub.end {
        match cx.lower[r.end].as_str() {
            "," | "(" | "--" | "—" | "–" => "its phrase goes on after a comma or bracket",
            "who" | "which" | "that" | "whose" => "its phrase goes on with a relative clause",
            _ if cx.upos(r.end) == "ADP" => "its phrase goes on with a preposition",
            _ => "its phrase goes on",
        }
    } else if r.end > sub.end {
        "ends in punctuation after its phrase"
    } else {
        // The phrase itself, or with punctuation before it: the trim took an edge mark off.
        "punctuation at its edges"
    }
}

/// Each dev token's cue margin and whether it heads a gold cue.
fn cue_margins(model: &AttributionModel, dev: &Corpus) -> Vec<(i32, bool)> {
    let mut out = Vec::new();
    for doc in &dev.documents {
        with_document(doc, |cx, spans, gold| {
            let mut heads = vec![false; cx.len()];
            for cue in gold.iter().filter_map(|g| spans.tokens(&g.cue)) {
                heads[cue_head(cx, cue)] = true;
            }
            let mut feats = Vec::new();
            out.extend((0..cx.len()).map(|i| {
                // Words outside the cue vocabulary are never cues at prediction time.
                let margin = if model.may_be_cue_at(cx, i) {
                    model.cue_margin(cx, i, &mut feats)
                } else {
                    i32::MIN / 2
                };
                (margin, heads[i])
            }));
        });
    }
    out
}

fn f1_at(margins: &[(i32, bool)], bias: i32) -> f64 {
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    for &(m, gold) in margins {
        match (m + bias > 0, gold) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fneg += 1,
            _ => {}
        }
    }
    2.0 * tp as f64 / (2 * tp + fp + fneg).max(1) as f64
}

/// The bias with the best cue F1, trying the margins of gold cue words as cut points.
fn best_bias(margins: &[(i32, bool)]) -> (i32, f64) {
    let mut cuts: Vec<i32> = margins.iter().filter(|m| m.1).map(|m| 1 - m.0).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let step = (cuts.len() / 200).max(1);
    cuts.iter()
        .step_by(step)
        .chain([0].iter())
        .map(|&b| (b, f1_at(margins, b)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.abs().cmp(&a.0.abs())))
        .unwrap_or((0, 0.0))
}

/// Character spans of the gold as token ranges.
struct Spans {
    /// Byte offset of each character, plus the end.
    byte_of: Vec<usize>,
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl Spans {
    fn new(ann: &Annotated, text: &str) -> Self {
        let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of.push(text.len());
        Spans {
            byte_of,
            starts: ann.tokens.iter().map(|t| t.start).collect(),
            ends: ann.tokens.iter().map(|t| t.end).collect(),
        }
    }

    /// The tokens exactly covering a one-piece span; `None` when it is several pieces or its
    /// edges fall inside tokens.
    fn tokens(&self, f: &Fragments) -> Option<Range<usize>> {
        let [s] = f.spans() else { return None };
        let (a, b) = (*self.byte_of.get(s.start)?, *self.byte_of.get(s.end)?);
        let first = self.starts.binary_search(&a).ok()?;
        let last = self.ends.binary_search(&b).ok()?;
        (first <= last).then_some(first..last + 1)
    }
}

/// The head word of a gold cue: the token whose head lies outside the cue, preferring verbs.
fn cue_head(cx: &Context, cue: Range<usize>) -> usize {
    let roots: Vec<usize> = cx.roots(cue.clone()).collect();
    roots
        .iter()
        .copied()
        .find(|&r| cx.upos(r) == "VERB")
        .or_else(|| roots.first().copied())
        .unwrap_or(cue.start)
}

fn collect(
    cx: &Context,
    spans: &Spans,
    gold: &[Attribution],
    ex: &mut Examples,
    stats: &mut TrainStats,
) {
    let quoted = marks::pair(cx.ann);
    let mut heads = vec![false; cx.len()];
    for g in gold {
        stats.attributions += 1;
        let Some(cue_tokens) = spans.tokens(&g.cue) else {
            continue;
        };
        stats.cues_aligned += 1;
        let head = cue_head(cx, cue_tokens.clone());
        heads[head] = true;
        let cue = CueSpan {
            head,
            tokens: cue_tokens,
        };
        let cue_spans = candidates::cue_spans(cx, head);
        if let Some(r) = ranking(
            &cue_spans,
            |c| c.tokens == cue.tokens,
            |c| collected(|f| features::cue_span(cx, c, f)),
        ) {
            stats.cue_spans_reachable += 1;
            ex.cue_spans.push(r);
        }
        let content = spans.tokens(&g.content);
        let contents = candidates::contents(cx, &cue, &quoted);
        let in_candidates = contents.iter().any(|c| Some(&c.tokens) == content.as_ref());
        stats.contents_in_candidates += usize::from(in_candidates);
        let window = Frame::new(cx, &cue, &contents).window;
        let reachable = content.clone().filter(|r| {
            window.start <= r.start && r.end <= window.end && !overlaps(r, &cue.tokens)
        });
        if let Some(gold) = reachable {
            stats.contents_reachable += 1;
            if ex.keep_contents {
                ex.contents
                    .push(SpanExample::new(cx, &cue, &contents, gold));
            }
        } else {
            *stats
                .content_misses
                .entry(miss_shape(cx, g, &cue, content.clone()))
                .or_default() += 1;
            stats.miss(cx, "content", &cue, content);
        }
        collect_source(cx, spans, g, &cue, ex, stats);
    }
    for (i, &is_head) in heads.iter().enumerate() {
        let counts = ex.words.entry(cx.lower[i].clone()).or_default();
        counts.0 += 1;
        counts.1 += u32::from(is_head);
        ex.cue_tokens.push((
            collected(|f| features::cue_token(cx, i, f)),
            usize::from(is_head),
        ));
    }
}

/// Why no candidate can reproduce a gold content.
fn miss_shape(
    cx: &Context,
    g: &Attribution,
    cue: &CueSpan,
    content: Option<Range<usize>>,
) -> &'static str {
    let Some(r) = content else {
        return if g.content.spans().len() > 1 {
            "several pieces"
        } else {
            "edges inside tokens"
        };
    };
    let (a, b, k) = (
        cx.sentence[r.start],
        cx.sentence[r.end - 1],
        cx.sentence[cue.head],
    );
    if a != b {
        "several sentences"
    } else if a != k {
        "another sentence"
    } else if overlaps(&r, &cue.tokens) {
        "around the cue"
    } else {
        "in the cue's sentence"
    }
}

/// The source ranking: the candidates, then the "no source" choice last.
fn collect_source(
    cx: &Context,
    spans: &Spans,
    g: &Attribution,
    cue: &CueSpan,
    ex: &mut Examples,
    stats: &mut TrainStats,
) {
    let sources = candidates::sources(cx, cue);
    let mut feats: Vec<Vec<Feature>> = sources
        .iter()
        .map(|c| collected(|f| features::source(cx, cue, c, f)))
        .collect();
    feats.push(collected(|f| features::no_source(cx, cue, f)));
    let gold = if g.source.is_empty() {
        Some(sources.len())
    } else {
        stats.sources += 1;
        let want = spans.tokens(&g.source);
        let at = sources
            .iter()
            .position(|c| Some(&c.tokens) == want.as_ref());
        stats.sources_reachable += usize::from(at.is_some());
        if at.is_none() {
            let cause = source_miss(cx, cue, want.as_ref());
            *stats.source_misses.entry(cause).or_default() += 1;
            if stats.source_examples.len() < SOURCE_EXAMPLES_KEPT {
                stats.source_examples.push(format!(
                    "out of reach, {cause} | {} | gold [{}] | in: {}",
                    cx.ann.slice(cue.tokens.clone()),
                    want.clone()
                        .map_or_else(String::new, |r| cx.ann.slice(r).to_string()),
                    cx.ann.slice(cx.sentence_range(cue.head)),
                ));
            }
            stats.miss(cx, "source", cue, want);
        }
        at
    };
    if let Some(gold) = gold {
        ex.sources.push(Ranking {
            candidates: feats,
            gold,
        });
    }
}

fn ranking<T>(
    items: &[T],
    is_gold: impl Fn(&T) -> bool,
    feats: impl Fn(&T) -> Vec<Feature>,
) -> Option<Ranking> {
    let gold = items.iter().position(is_gold)?;
    Some(Ranking {
        candidates: items.iter().map(feats).collect(),
        gold,
    })
}

/// The structured perceptron over the factorised content spans: when the decoded span is not
/// the gold one, the gold span's features go up and the decoded span's go down.
fn train_spans(examples: &[SpanExample], epochs: usize, rng: &mut Rng) -> Trainer {
    let mut t = Trainer::new(1);
    passes(examples.len(), epochs, rng, |k| {
        let x = &examples[k];
        if let Some(guess) = x.decode(&t).filter(|g| *g != x.gold) {
            t.update(&x.of_span(&x.gold), 0, 1);
            t.update(&x.of_span(&guess), 0, -1);
        }
        t.tick();
    });
    t
}

/// Runs `step` on every example index, `epochs` times, in a fresh shuffled order each time.
fn passes(n: usize, epochs: usize, rng: &mut Rng, mut step: impl FnMut(usize)) {
    let mut order: Vec<usize> = (0..n).collect();
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            step(k);
        }
    }
}

/// Weights below this barely move a decision; dropping them keeps the model small.
const MIN_WEIGHT: f32 = 0.5;

fn train_classifier(examples: &[(Vec<Feature>, usize)], epochs: usize, rng: &mut Rng) -> Trainer {
    let mut t = Trainer::new(2);
    passes(examples.len(), epochs, rng, |k| {
        let (feats, class) = &examples[k];
        let mut s = [0i32; 2];
        t.score(feats, &mut s);
        let guess = argmax(&s);
        if guess != *class {
            t.update(feats, *class, 1);
            t.update(feats, guess, -1);
        }
        t.tick();
    });
    t
}

fn train_ranker(examples: &[Ranking], epochs: usize, rng: &mut Rng) -> Trainer {
    let mut t = Trainer::new(1);
    passes(examples.len(), epochs, rng, |k| {
        let r = &examples[k];
        let guess = super::best(&r.candidates, |f| {
            let mut s = [0i32; 1];
            t.score(f, &mut s);
            s[0]
        })
        .unwrap_or(r.gold);
        if guess != r.gold {
            t.update(&r.candidates[r.gold], 0, 1);
            t.update(&r.candidates[guess], 0, -1);
        }
        t.tick();
    });
    t
}

#[cfg(test)]
mod content_error_tests {
    use super::content_error;

    #[test]
    fn a_miss_is_named_by_its_wrong_boundary() {
        let (gold, cue) = (5..9, 3..4);
        assert_eq!(content_error(&gold, Some(&(5..12)), &cue), "ends late");
        assert_eq!(content_error(&gold, Some(&(5..7)), &cue), "ends early");
        assert_eq!(content_error(&gold, Some(&(4..9)), &cue), "starts early");
        assert_eq!(content_error(&gold, Some(&(7..9)), &cue), "starts late");
        assert_eq!(
            content_error(&gold, Some(&(6..10)), &cue),
            "both boundaries"
        );
        assert_eq!(
            content_error(&gold, Some(&(10..12)), &cue),
            "elsewhere on its side"
        );
        assert_eq!(
            content_error(&gold, Some(&(0..3)), &cue),
            "other side of the cue"
        );
        assert_eq!(content_error(&gold, None, &cue), "none");
    }
}
