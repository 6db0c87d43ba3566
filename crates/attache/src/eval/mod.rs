//! Scorers: compare attache's output with gold data and print the metrics the issues name.
