//! The policy's part in every HTTP client: its `ca_file`s are trusted besides the user's
//! `--ca-file`, and its `proxy` carries every connection to another machine, `--no-proxy` and
//! the proxy variables notwithstanding. Applied where the one client builder
//! ([`crate::transport::http_client::build`]) finishes, so no client escapes it.

use std::sync::OnceLock;

use rustls::pki_types::{CertificateDer, pem::PemObject};

use super::Policy;

/// The policy as this process first read it (the builder runs many times per command).
fn current() -> Result<&'static Policy, String> {
    static POLICY: OnceLock<Result<Policy, String>> = OnceLock::new();
    POLICY
        .get_or_init(|| super::load().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// Add the machine policy's certificates to `roots` (the extra roots the client's trust store
/// gets) and its proxy to a client being built.
pub fn apply(
    b: reqwest::ClientBuilder,
    roots: &mut Vec<CertificateDer<'static>>,
) -> Result<reqwest::ClientBuilder, String> {
    apply_policy(b, roots, current()?)
}

pub fn apply_policy(
    mut b: reqwest::ClientBuilder,
    roots: &mut Vec<CertificateDer<'static>>,
    policy: &Policy,
) -> Result<reqwest::ClientBuilder, String> {
    for path in policy.ca_files() {
        let err = |detail: String| {
            format!(
                "cannot read the policy's ca_file {}: {detail}",
                path.display()
            )
        };
        let pem = std::fs::read(path).map_err(|e| err(e.to_string()))?;
        let certs = CertificateDer::pem_slice_iter(&pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| err(e.to_string()))?;
        if certs.is_empty() {
            return Err(err("no PEM certificate in the file".into()));
        }
        roots.extend(certs);
    }
    if let Some((url, file)) = policy.proxy() {
        let proxy = reqwest::Proxy::all(url)
            .map_err(|e| {
                format!(
                    "the policy {} names a proxy that cannot be used ({url}): {e}",
                    file.display()
                )
            })?
            // This machine is reached directly: loopback servers and sign-in callbacks.
            .no_proxy(reqwest::NoProxy::from_string("localhost,127.0.0.1,::1"));
        b = b.proxy(proxy);
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyFile;
    use std::path::Path;

    #[test]
    fn a_certificate_file_that_cannot_be_used_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("corp.pem");
        std::fs::write(&ca, "not a certificate").unwrap();
        let text = format!("ca_file = {:?}\n", ca.to_str().unwrap());
        let policy = Policy::from_files(vec![
            PolicyFile::parse(Path::new("/etc/mcp-bridge/policy.toml"), &text).unwrap(),
        ]);
        let mut roots = Vec::new();
        let e = apply_policy(reqwest::Client::builder(), &mut roots, &policy).unwrap_err();
        assert!(e.contains("ca_file") && e.contains("corp.pem"), "{e}");
        let none =
            apply_policy(reqwest::Client::builder(), &mut roots, &Policy::default()).unwrap();
        assert!(none.build().is_ok());
        assert!(roots.is_empty());
    }
}
