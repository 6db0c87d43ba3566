//! Strings the stages together: one input document in, one [`Analysis`] out.

use crate::calendar::Day;
use crate::extract::{self, InputDoc};
use crate::model::{Analysis, CharIndex};
use crate::{actors, claims, entities, events, quotes, text};
use std::time::Instant;

/// What the caller can choose about a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Publication date (`YYYY-MM-DD`) to use when the input does not carry one.
    pub published: Option<String>,
    /// Remove boilerplate (bios, promos, comment widgets) from plain text. Scorers that compare
    /// offsets against the raw input switch this off so that `text` is the input verbatim.
    pub strip_boilerplate: bool,
    /// Parse sentences, so that the learned attribution model and the tree-based event coder
    /// run. Off (`--fast` on the command line): the rules and the tagger alone, several times
    /// faster, with fewer indirect attributions and events found.
    pub syntax: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            published: None,
            strip_boilerplate: true,
            syntax: true,
        }
    }
}

/// Analyse one document.
pub fn analyze(doc: InputDoc, opts: &Options) -> Analysis {
    analyze_timed(doc, opts, None)
}

/// The stages of [`analyze`], in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Article extraction (HTML, boilerplate).
    Extract,
    /// Tokens, sentences and paragraphs.
    Segment,
    /// POS tags.
    Tag,
    /// Entity mentions and actor codes.
    Entities,
    /// Choosing the sentences to parse, and parsing them.
    Parse,
    /// Quotes (rules and learned attribution) and disputed claims.
    Quotes,
    /// Event coding.
    Events,
    /// Building the output records.
    Output,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Extract,
        Stage::Segment,
        Stage::Tag,
        Stage::Entities,
        Stage::Parse,
        Stage::Quotes,
        Stage::Events,
        Stage::Output,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Extract => "extract",
            Stage::Segment => "segment",
            Stage::Tag => "tag",
            Stage::Entities => "entities + actors",
            Stage::Parse => "parse",
            Stage::Quotes => "quotes + claims",
            Stage::Events => "events",
            Stage::Output => "output records",
        }
    }
}

/// Where the time of a run of [`analyze_timed`] went, summed over its documents.
#[derive(Debug, Default, Clone)]
pub struct StageTimes {
    seconds: [f64; Stage::ALL.len()],
    /// Tokens of the documents, and of the sentences chosen for parsing.
    pub tokens: usize,
    pub parsed_tokens: usize,
}

impl StageTimes {
    pub fn seconds(&self, stage: Stage) -> f64 {
        self.seconds[stage as usize]
    }
}

/// Charges the time since the previous lap to a stage; does nothing when nobody asked.
struct Laps<'a> {
    times: Option<&'a mut StageTimes>,
    last: Option<Instant>,
}

impl<'a> Laps<'a> {
    fn new(times: Option<&'a mut StageTimes>) -> Laps<'a> {
        let last = times.is_some().then(Instant::now);
        Laps { times, last }
    }

    fn done(&mut self, stage: Stage) {
        if let (Some(times), Some(last)) = (self.times.as_deref_mut(), self.last.as_mut()) {
            let now = Instant::now();
            times.seconds[stage as usize] += (now - *last).as_secs_f64();
            *last = now;
        }
    }

    /// Count the document's tokens, and those in the sentences `wanted` for parsing.
    fn count_parsed(&mut self, doc: &text::Annotated, wanted: impl Fn(usize) -> bool) {
        if let Some(times) = self.times.as_deref_mut() {
            times.tokens += doc.tokens.len();
            times.parsed_tokens += (doc.sentences.iter().enumerate())
                .filter(|&(s, _)| wanted(s))
                .map(|(_, sentence)| sentence.tokens.len())
                .sum::<usize>();
        }
    }
}

/// [`analyze`], adding the time of each stage to `times` when given (`attache bench --stages`).
pub fn analyze_timed(doc: InputDoc, opts: &Options, times: Option<&mut StageTimes>) -> Analysis {
    let mut laps = Laps::new(times);
    let article = extract::extract(doc, opts.strip_boilerplate);
    laps.done(Stage::Extract);
    let mut annotated = text::segment(&article.body);
    laps.done(Stage::Segment);
    annotated.tags = text::tagger::tag_document(&annotated);
    laps.done(Stage::Tag);
    let published = article.published.clone().or_else(|| opts.published.clone());
    let day = published.as_deref().and_then(Day::parse_iso);
    let mut ents = entities::find(&annotated);
    actors::assign(&annotated, &mut ents, day);
    laps.done(Stage::Entities);
    // One parse serves attribution and events, and only where either can use a tree: parsing
    // every sentence would cost more than the rest of the pipeline together.
    let trees = if opts.syntax {
        let for_quotes = quotes::sentences_to_parse(&annotated);
        let for_events = events::tree::sentences_to_parse(&annotated, &ents);
        let wanted = |s: usize| for_quotes[s] || for_events[s];
        laps.count_parsed(&annotated, wanted);
        text::syntax::parse_sentences(&annotated, wanted)
    } else {
        laps.count_parsed(&annotated, |_| false);
        text::syntax::Trees::default()
    };
    laps.done(Stage::Parse);
    let found = quotes::find(&annotated, &ents, &trees);
    let disputes = claims::find_disputes(&annotated, &ents, &found);
    laps.done(Stage::Quotes);
    let evs = events::find(&annotated, &trees, &ents, &found, &disputes, day);
    laps.done(Stage::Events);

    let index = CharIndex::new(&article.body);
    let entities = ents.to_output(&annotated, &index);
    let quotes = found.to_output(&annotated, &ents, &index);
    let events = evs.to_output(&annotated, &ents, &index);
    laps.done(Stage::Output);
    Analysis {
        id: article.id,
        url: article.url,
        publisher: article.publisher,
        title: article.title,
        authors: article.authors,
        published,
        fetched: article.fetched,
        text: article.body,
        boilerplate: article.boilerplate,
        entities,
        quotes,
        events,
        disputes,
        warnings: article.warnings,
    }
}

/// Analyse a plain text with default options (boilerplate stripped).
pub fn analyze_text(text: &str) -> Analysis {
    analyze(InputDoc::text(text), &Options::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_syntax_the_rules_still_attribute_quotations() {
        let text = "\u{201c}We will not move the market,\u{201d} the mayor said on Friday.\n\n\
                    Officials said that the bridge would reopen in May.";
        let fast = Options {
            syntax: false,
            ..Options::default()
        };
        let quick = analyze(InputDoc::text(text), &fast);
        let full = analyze(InputDoc::text(text), &Options::default());
        let contents = |a: &Analysis| -> Vec<String> {
            a.quotes.iter().map(|q| q.content.text.clone()).collect()
        };
        assert!(contents(&quick)
            .iter()
            .any(|c| c.contains("We will not move")));
        assert!(contents(&quick)
            .iter()
            .any(|c| c.contains("bridge would reopen")));
        assert!(quick.quotes.len() <= full.quotes.len());
    }

    #[test]
    fn timing_the_stages_leaves_the_analysis_as_it_is() {
        let text = "Officials said that the bridge would reopen in May.\n\nThe mayor disagreed.";
        let mut times = StageTimes::default();
        let timed = analyze_timed(InputDoc::text(text), &Options::default(), Some(&mut times));
        let plain = analyze_text(text);
        assert_eq!(
            serde_json::to_string(&timed).unwrap(),
            serde_json::to_string(&plain).unwrap()
        );
        assert!(times.tokens >= 13, "{times:?}");
        assert!(times.parsed_tokens > 0 && times.parsed_tokens <= times.tokens);
        assert!(Stage::ALL.iter().any(|&s| times.seconds(s) > 0.0));
    }
}
