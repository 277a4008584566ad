//! Whether this server's clock is synchronised to NTP, as the system's own
//! time service says (systemd-timesyncd or chrony through `timedatectl`,
//! else `chronyc`). Recorded with each pull from a recorder: a measured
//! recorder clock offset means little if the server's clock itself drifts.
//! `None` when no time service answers (a container without one).

use std::process::Command;

fn run(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `Some(true)` synchronised, `Some(false)` not, `None` unknown.
pub fn synchronised() -> Option<bool> {
    if let Some(v) = run("timedatectl", &["show", "-p", "NTPSynchronized", "--value"]) {
        match v.trim() {
            "yes" => return Some(true),
            "no" => return Some(false),
            _ => {}
        }
    }
    let tracking = run("chronyc", &["-n", "tracking"])?;
    parse_chrony(&tracking)
}

/// chrony's `Leap status` line: `Normal` (or an announced leap second)
/// once it is synchronised, `Not synchronised` before.
fn parse_chrony(tracking: &str) -> Option<bool> {
    let status = tracking
        .lines()
        .find_map(|l| l.strip_prefix("Leap status"))?
        .trim_start_matches([' ', ':'])
        .trim();
    Some(status != "Not synchronised")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrony_leap_status_says_whether_it_is_synchronised() {
        let ok = "Reference ID    : A9FEA97B (169.254.169.123)\nLeap status     : Normal\n";
        assert_eq!(parse_chrony(ok), Some(true));
        let not = "Reference ID    : 00000000 ()\nLeap status     : Not synchronised\n";
        assert_eq!(parse_chrony(not), Some(false));
        assert_eq!(parse_chrony("garbage"), None);
    }
}
