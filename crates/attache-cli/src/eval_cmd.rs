#[derive(clap::Subcommand)]
pub enum Eval {
    /// Score against seed-style gold JSON.
    Gold,
}

pub fn run(_e: Eval) -> anyhow::Result<u8> {
    Ok(crate::exit::OK)
}
