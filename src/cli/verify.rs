//! `sakshya verify`: offline verification of an evidence package, or of a
//! clip with its manifest, signature and key. Needs no database.

use std::path::{Path, PathBuf};

use crate::evidence::verify::keys;

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
    /// A public key file (PEM, or C2SP verifier keys) obtained from the
    /// ICCC; repeatable. With a package: trust only these keys, not the
    /// ones inside it. Needed for the three-file form.
    #[arg(long)]
    pub key: Vec<PathBuf>,
}

pub fn run(args: &VerifyArgs) -> anyhow::Result<()> {
    let paths: Vec<&Path> = args.key.iter().map(PathBuf::as_path).collect();
    let pinned = keys::read(&paths)?;
    let report = match (&args.manifest, &args.sig) {
        (Some(m), Some(s)) => {
            anyhow::ensure!(
                !pinned.is_empty(),
                "--key is needed with --manifest and --sig"
            );
            verify_files(&args.file, m, s, &pinned)?
        }
        (None, None) => verify_package(&args.file, &pinned)?,
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
