//! Who the client is: the peer's address, or, when the peer is one of the
//! configured `trusted_proxies` (the reverse proxy in front), the address
//! it reports in `X-Forwarded-For`. A header from any other peer is
//! ignored, so nobody can claim another address by sending one. Custody
//! events, security events and rate limits all use this one answer.

use std::net::IpAddr;
use std::str::FromStr;

use actix_web::HttpRequest;
use ipnet::IpNet;

/// The reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses addresses (`10.0.0.5`) and blocks (`10.0.0.0/8`, `::1/128`).
    pub fn parse(list: &[String]) -> Result<Self, String> {
        list.iter()
            .map(|s| {
                let s = s.trim();
                IpNet::from_str(s)
                    .or_else(|_| IpAddr::from_str(s).map(IpNet::from))
                    .map_err(|_| format!("trusted_proxies: `{s}` is not an address or CIDR block"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|n| n.contains(&ip))
    }
}

/// IPv4-mapped IPv6 addresses as the IPv4 address they are.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client behind `peer`, given the `X-Forwarded-For` values in order:
/// the right-most address the trusted proxies did not add themselves.
pub fn resolve(
    peer: Option<IpAddr>,
    forwarded: &[&str],
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    let peer = peer.map(canonical)?;
    if !trusted.trusts(peer) {
        return Some(peer);
    }
    let hops: Vec<IpAddr> = forwarded
        .iter()
        .flat_map(|h| h.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| IpAddr::from_str(s).map(canonical))
        .collect::<Result<_, _>>()
        // A malformed header is not believed at all.
        .unwrap_or_default();
    Some(
        hops.iter()
            .rev()
            .find(|ip| !trusted.trusts(**ip))
            .or(hops.first())
            .copied()
            .unwrap_or(peer),
    )
}

/// The client address of an HTTP request.
pub fn of(req: &HttpRequest) -> Option<IpAddr> {
    let trusted = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|s| s.trusted_proxies.clone())
        .unwrap_or_default();
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    resolve(req.peer_addr().map(|a| a.ip()), &forwarded, &trusted)
}

/// [`of`], as text for the records (`None` when unknown).
pub fn text(req: &HttpRequest) -> Option<String> {
    of(req).map(|ip| ip.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped compose file trusts exactly its proxy's fixed address,
    /// and the SSE location passes the client's address on too.
    #[test]
    fn the_compose_file_trusts_its_proxy() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docker");
        let compose = std::fs::read_to_string(root.join("compose.yaml")).unwrap();
        let value = |key: &str| {
            let line = compose.lines().find(|l| l.contains(key)).unwrap();
            line.split_once(key).unwrap().1.trim().to_owned()
        };
        let list = value("SAKSHYA_TRUSTED_PROXIES:");
        let list: Vec<String> = serde_json::from_str(list.trim_matches('\'')).unwrap();
        let proxy = value("ipv4_address:");
        let proxy = proxy.trim_end_matches('}').trim();
        let trusted = TrustedProxies::parse(&list).unwrap();
        assert!(trusted.trusts(ip(proxy)), "{proxy} not in {list:?}");
        assert!(!trusted.trusts(ip("172.28.0.11")), "trust only the proxy");
        assert!(value("SAKSHYA_PUBLIC_URL:").starts_with("http"));
        let nginx = std::fs::read_to_string(root.join("nginx.conf")).unwrap();
        assert_eq!(
            nginx.matches("location").count(),
            nginx
                .matches("X-Forwarded-For $proxy_add_x_forwarded_for")
                .count(),
            "every location passes the client's address"
        );
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_trusted_peers_may_name_the_client() {
        let t = TrustedProxies::parse(&["127.0.0.1".into(), "10.0.0.0/8".into()]).unwrap();
        let none = TrustedProxies::default();
        // Straight from a client: the header is ignored.
        assert_eq!(
            resolve(Some(ip("203.0.113.9")), &["198.51.100.1"], &t),
            Some(ip("203.0.113.9"))
        );
        assert_eq!(
            resolve(Some(ip("127.0.0.1")), &["198.51.100.1"], &none),
            Some(ip("127.0.0.1"))
        );
        // Through the proxy: the right-most untrusted hop.
        assert_eq!(
            resolve(Some(ip("127.0.0.1")), &["198.51.100.1"], &t),
            Some(ip("198.51.100.1"))
        );
        assert_eq!(
            resolve(
                Some(ip("10.1.1.1")),
                &["6.6.6.6, 198.51.100.1, 10.0.0.2"],
                &t
            ),
            Some(ip("198.51.100.1")),
            "a client cannot prepend someone else's address"
        );
        assert_eq!(
            resolve(Some(ip("127.0.0.1")), &[], &t),
            Some(ip("127.0.0.1"))
        );
        assert_eq!(
            resolve(Some(ip("127.0.0.1")), &["not-an-ip"], &t),
            Some(ip("127.0.0.1"))
        );
        assert_eq!(
            resolve(Some(ip("::ffff:127.0.0.1")), &["198.51.100.7"], &t),
            Some(ip("198.51.100.7"))
        );
        assert!(TrustedProxies::parse(&["nonsense".into()]).is_err());
    }
}
