//! Reader for CoNLL-U treebanks (Universal Dependencies): the training and evaluation data of
//! the tagger, lemmatiser and parser. Multiword-token lines ("3-4") and empty nodes ("5.1") are
//! skipped: the models work on syntactic words.

use std::fmt;

/// One syntactic word of a treebank sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// Index of the head word, 1-based; 0 is the root.
    pub head: usize,
    pub deprel: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    pub id: Option<String>,
    pub words: Vec<Word>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parse a whole CoNLL-U document.
pub fn parse(text: &str) -> Result<Vec<Sentence>, ParseError> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
        } else if let Some(comment) = line.strip_prefix('#') {
            if let Some(id) = comment.trim().strip_prefix("sent_id = ") {
                current.id = Some(id.to_string());
            }
        } else if let Some(word) = word_line(line, n + 1)? {
            current.words.push(word);
        }
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

fn word_line(line: &str, number: usize) -> Result<Option<Word>, ParseError> {
    let cols: Vec<&str> = line.split('\t').collect();
    let err = |message: String| ParseError {
        line: number,
        message,
    };
    if cols.len() != 10 {
        return Err(err(format!(
            "expected 10 tab-separated columns, found {}",
            cols.len()
        )));
    }
    if cols[0].contains('-') || cols[0].contains('.') {
        return Ok(None);
    }
    let head = match cols[6] {
        "_" => 0,
        h => h
            .parse()
            .map_err(|_| err(format!("head {h:?} is not a number")))?,
    };
    Ok(Some(Word {
        form: cols[1].to_string(),
        lemma: cols[2].to_string(),
        upos: cols[3].to_string(),
        xpos: cols[4].to_string(),
        head,
        deprel: cols[7].to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_skips_multiword_tokens() {
        let text = "# sent_id = s1\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\n";
        let s = parse(text).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].id.as_deref(), Some("s1"));
        assert_eq!(
            s[0].words
                .iter()
                .map(|w| w.form.as_str())
                .collect::<Vec<_>>(),
            vec!["do", "n't", "go"]
        );
        assert_eq!(s[0].words[2].head, 0);
    }

    #[test]
    fn reports_bad_lines() {
        assert_eq!(parse("1\tx\n").unwrap_err().line, 1);
    }
}
