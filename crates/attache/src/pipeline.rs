//! Strings the stages together: one input document in, one [`Analysis`] out.

use crate::calendar::Day;
use crate::extract::{self, InputDoc};
use crate::model::{Analysis, CharIndex};
use crate::{actors, claims, entities, events, quotes, text};

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
    let article = extract::extract(doc, opts.strip_boilerplate);
    let annotated = text::annotate(&article.body);
    let published = article.published.clone().or_else(|| opts.published.clone());
    let day = published.as_deref().and_then(Day::parse_iso);
    let mut ents = entities::find(&annotated);
    actors::assign(&annotated, &mut ents, day);
    // One parse serves attribution and events, and only where either can use a tree: parsing
    // every sentence would cost more than the rest of the pipeline together.
    let trees = if opts.syntax {
        let for_quotes = quotes::sentences_to_parse(&annotated);
        let for_events = events::tree::sentences_to_parse(&annotated, &ents);
        text::syntax::parse_sentences(&annotated, |s| for_quotes[s] || for_events[s])
    } else {
        text::syntax::Trees::default()
    };
    let found = quotes::find(&annotated, &ents, &trees);
    let disputes = claims::find_disputes(&annotated, &ents, &found);
    let evs = events::find(&annotated, &trees, &ents, &found, &disputes, day);

    let index = CharIndex::new(&article.body);
    let entities = ents.to_output(&annotated, &index);
    let quotes = found.to_output(&annotated, &ents, &index);
    let events = evs.to_output(&annotated, &ents, &index);
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
}
