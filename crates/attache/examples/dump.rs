fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let a = attache::analyze_text(&text);
    for e in &a.entities {
        println!(
            "{} {} {:?} {:?}",
            e.id,
            e.name,
            e.kind,
            e.mentions
                .iter()
                .map(|m| m.text.as_str())
                .collect::<Vec<_>>()
        );
    }
    for q in &a.quotes {
        println!(
            "{} {:?} [{}] cue={:?} spk={:?}/{:?} to={:?} ch={:?} via={:?} cont={:?} nest={:?} {:.2}",
            q.id, q.kind, q.content.text, q.cue.as_ref().map(|c| &c.text), q.speaker.as_ref().map(|s| &s.mention.text),
            q.speaker.as_ref().and_then(|s| s.name.as_ref()), q.addressee.as_ref().map(|p| &p.name),
            q.channel.as_ref().map(|c| &c.text), q.via.iter().map(|p| &p.name).collect::<Vec<_>>(), q.continues, q.nested_in, q.confidence
        );
    }
    println!("{:?}", a.disputes);
}
