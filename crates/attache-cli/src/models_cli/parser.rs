#[derive(clap::Args)]
pub struct TrainArgs {}

pub fn train(_args: TrainArgs) -> anyhow::Result<u8> {
    anyhow::bail!("this model has no trainer yet")
}
