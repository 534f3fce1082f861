//! How the bridge reaches the network: the `--ca-file`, `--no-proxy`, `--ipv4` and
//! `--connect-timeout` of a command (the same flags on every command that goes on the network),
//! resolved into the one [`NetworkSettings`] value that
//! [`crate::transport::http_client::build`] makes every HTTP client from: the MCP server's,
//! the authorization server's (discovery, registration, token, revocation, JWKS), a probe's,
//! the Meraki Dashboard's.

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::NetworkArgs;

/// Whether outbound proxies from the environment are used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProxyChoice {
    /// `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (and lowercase), as the environment sets them.
    #[default]
    FromEnvironment,
    /// `--no-proxy`: connect directly.
    Direct,
}

/// Everything about the network a command was told.
#[derive(Debug, Clone)]
pub struct NetworkSettings {
    /// Extra PEM certificates to trust besides the system's (`--ca-file`, `MCP_BRIDGE_CA_FILE`).
    pub ca_file: Option<PathBuf>,
    pub proxy: ProxyChoice,
    /// Connect over IPv4 only (`--ipv4`).
    pub ipv4: bool,
    /// How long a TCP/TLS connection may take (`--connect-timeout`, at least a second).
    pub connect_timeout: Duration,
    /// The `User-Agent` of every request (the Meraki Dashboard's clients set their own).
    pub user_agent: &'static str,
}

/// The bridge's user agent.
pub const USER_AGENT: &str = concat!("mcp-bridge/", env!("CARGO_PKG_VERSION"));

impl Default for NetworkSettings {
    fn default() -> Self {
        NetworkSettings {
            ca_file: None,
            proxy: ProxyChoice::FromEnvironment,
            ipv4: false,
            connect_timeout: Duration::from_secs(10),
            user_agent: USER_AGENT,
        }
    }
}

impl NetworkSettings {
    /// The settings the flags give (their variables were read by the parser).
    pub fn resolve(args: &NetworkArgs) -> NetworkSettings {
        NetworkSettings {
            ca_file: args.ca_file.clone(),
            proxy: if args.no_proxy {
                ProxyChoice::Direct
            } else {
                ProxyChoice::FromEnvironment
            },
            ipv4: args.ipv4,
            connect_timeout: Duration::from_secs(args.connect_timeout.max(1)),
            user_agent: USER_AGENT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_become_settings() {
        let s = NetworkSettings::resolve(&NetworkArgs {
            ca_file: Some("/ca.pem".into()),
            no_proxy: true,
            ipv4: true,
            connect_timeout: 0,
        });
        assert_eq!(s.ca_file.as_deref(), Some(std::path::Path::new("/ca.pem")));
        assert_eq!(s.proxy, ProxyChoice::Direct);
        assert!(s.ipv4);
        assert_eq!(s.connect_timeout, Duration::from_secs(1));
        let d = NetworkSettings::resolve(&NetworkArgs::default());
        assert_eq!(d.proxy, ProxyChoice::FromEnvironment);
        assert_eq!(d.connect_timeout, Duration::from_secs(10));
    }
}
