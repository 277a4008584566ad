//! `sakshya verify`: offline verification of an evidence package, or of a
//! clip with its manifest, signature and key. Needs no database.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::evidence::verify::{verify_files, verify_package};

#[derive(Args)]
pub struct VerifyArgs {
    /// An evidence package (.zip), or a clip file with --manifest, --sig
    /// and --key.
    pub file: PathBuf,
    /// The clip's manifest.json (three-file form).
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// The raw Ed25519 signature over the manifest (three-file form).
    #[arg(long)]
    pub sig: Option<PathBuf>,
    /// A public key (PEM). With a package: trust this key instead of the
    /// one inside it.
    #[arg(long)]
    pub key: Option<PathBuf>,
}

pub fn run(args: &VerifyArgs) -> anyhow::Result<()> {
    let report = match (&args.manifest, &args.sig) {
        (Some(m), Some(s)) => {
            let key = args
                .key
                .as_deref()
                .ok_or_else(|| anyhow::anyhow!("--key is needed with --manifest and --sig"))?;
            verify_files(&args.file, m, s, key)?
        }
        (None, None) => {
            let pinned = args
                .key
                .as_deref()
                .map(|k: &Path| std::fs::read_to_string(k))
                .transpose()?;
            verify_package(&args.file, pinned.as_deref())?
        }
        _ => anyhow::bail!("give both --manifest and --sig, or neither"),
    };
    print!("{}", report.render());
    if report.passed() {
        Ok(())
    } else {
        let names: Vec<String> = report.failures().iter().map(|c| c.name.clone()).collect();
        anyhow::bail!("verification failed: {}", names.join(", "))
    }
}
