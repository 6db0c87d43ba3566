//! `attache train actors` and `attache train events`: compile the PETRARCH/Phoenix
//! dictionaries and GeoNames country table into `resources/actors/`, and the CAMEO/Goldstein/
//! PLOVER tables into `resources/events/` (see their READMEs).

use anyhow::Context;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ActorsArgs {
    /// The shared data folder (holds petrarch/ and geo/).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write the compiled tables.
    #[arg(long, value_name = "DIR", default_value = "resources/actors")]
    out: PathBuf,
}

pub fn actors(args: ActorsArgs) -> anyhow::Result<u8> {
    let compiled = attache::actors::build::compile(&args.data)
        .with_context(|| format!("reading dictionaries under {}", args.data.display()))?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    for (name, text) in compiled.files {
        let path = args.out.join(name);
        std::fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {} ({} bytes)", path.display(), text.len());
    }
    Ok(crate::exit::OK)
}

#[derive(clap::Args)]
pub struct EventsArgs {
    /// The shared data folder (holds cameo/ and plover/).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write the compiled table.
    #[arg(long, value_name = "DIR", default_value = "resources/events")]
    out: PathBuf,
}

pub fn events(args: EventsArgs) -> anyhow::Result<u8> {
    let text = attache::events::cameo::compile(&args.data)
        .with_context(|| format!("reading CAMEO tables under {}", args.data.display()))?;
    let path = args.out.join("cameo.tsv");
    std::fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {} ({} bytes)", path.display(), text.len());
    Ok(crate::exit::OK)
}
