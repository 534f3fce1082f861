//! Whom the bridge's HTTPS clients trust: the operating system's roots plus the `--ca-file`
//! certificates, behind one verifier per process that is made at the first TLS handshake, not
//! when a client is built. So a command whose server is `http://` never reads a root, and one
//! that builds several clients (the MCP server's, the authorization server's) reads them once.
//!
//! On Linux and the other non-Apple Unixes the system roots are the CA bundle file alone when
//! the system has one (`/etc/ssl/certs/ca-certificates.crt` and its kin), not the bundle and
//! then the hash directory that holds the same certificates again. `SSL_CERT_FILE` or
//! `SSL_CERT_DIR` in the environment are followed exactly as given. macOS and Windows ask the
//! platform verifier, which loads nothing up front.

use std::sync::{Arc, Mutex, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// No certificate authority to check a server's certificate against: the system has none
/// and no `--ca-file` gave one. (A type, so that the failure is told as a certificate's.)
#[derive(Debug, thiserror::Error)]
#[error("No CA certificates were loaded from the system")]
pub struct NoTrustedRoots;

/// A TLS client configuration that verifies servers against the system's roots plus
/// `extra_roots`, sharing the process's verifier for that set of roots. The certificates in
/// `extra_roots` are checked here, so a bad `--ca-file` fails when the client is built.
pub fn client_config(
    extra_roots: Vec<CertificateDer<'static>>,
) -> Result<rustls::ClientConfig, rustls::Error> {
    let mut check = rustls::RootCertStore::empty();
    for cert in &extra_roots {
        check.add(cert.clone())?;
    }
    let verifier = shared_verifier(extra_roots);
    let mut config = rustls::ClientConfig::builder_with_provider(verifier.provider.clone())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    // What reqwest offers by itself with HTTP/2 enabled.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// Every verifier made so far, one per distinct set of extra roots (in practice one).
static VERIFIERS: Mutex<Vec<Arc<LazyVerifier>>> = Mutex::new(Vec::new());

fn shared_verifier(extra: Vec<CertificateDer<'static>>) -> Arc<LazyVerifier> {
    let mut all = VERIFIERS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(v) = all.iter().find(|v| v.extra == extra) {
        return v.clone();
    }
    let v = Arc::new(LazyVerifier {
        extra,
        provider: provider(),
        inner: OnceLock::new(),
    });
    all.push(v.clone());
    v
}

/// The process's crypto provider if one was installed, rustls's default otherwise (as reqwest
/// chooses for the clients it configures itself).
fn provider() -> Arc<CryptoProvider> {
    CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
}

/// Checks signatures with the provider at once and certificates with the platform's verifier,
/// made on first use.
#[derive(Debug)]
struct LazyVerifier {
    extra: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
    inner: OnceLock<Result<Arc<dyn ServerCertVerifier>, rustls::Error>>,
}

impl LazyVerifier {
    fn inner(&self) -> Result<&Arc<dyn ServerCertVerifier>, rustls::Error> {
        self.inner
            .get_or_init(|| platform_verifier(&self.extra, self.provider.clone()))
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl ServerCertVerifier for LazyVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.inner()?
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(all(unix, not(target_vendor = "apple"), not(target_os = "android")))]
fn platform_verifier(
    extra: &[CertificateDer<'static>],
    provider: Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, rustls::Error> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in extra {
        roots.add(cert.clone())?;
    }
    let system = system_roots();
    for e in &system.errors {
        tracing::warn!("cannot load a system CA certificate: {e}");
    }
    let (added, ignored) = roots.add_parsable_certificates(system.certs);
    tracing::debug!("{added} system CA certificates loaded, {ignored} ignored");
    if roots.is_empty() {
        return Err(rustls::Error::Other(rustls::OtherError(Arc::new(
            NoTrustedRoots,
        ))));
    }
    let verifier =
        rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|e| rustls::Error::General(e.to_string()))?;
    Ok(verifier)
}

/// The system's roots: what `SSL_CERT_FILE`/`SSL_CERT_DIR` name when either is set, otherwise
/// the CA bundle file, and the certificate directories only when there is no bundle.
#[cfg(all(unix, not(target_vendor = "apple"), not(target_os = "android")))]
fn system_roots() -> rustls_native_certs::CertificateResult {
    use crate::settings::env;
    let set = |var| env::os(var).is_some_and(|v| !v.is_empty());
    if !set(env::SSL_CERT_FILE)
        && !set(env::SSL_CERT_DIR)
        && let Some(file) = openssl_probe::probe().cert_file
    {
        let bundle = rustls_native_certs::load_certs_from_paths(Some(&file), None);
        if !bundle.certs.is_empty() {
            return bundle;
        }
    }
    rustls_native_certs::load_native_certs()
}

#[cfg(not(all(unix, not(target_vendor = "apple"), not(target_os = "android"))))]
fn platform_verifier(
    extra: &[CertificateDer<'static>],
    provider: Arc<CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, rustls::Error> {
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra.iter().cloned(), provider)?;
    Ok(Arc::new(verifier))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_verifier_per_set_of_roots() {
        let a = shared_verifier(Vec::new());
        let b = shared_verifier(Vec::new());
        assert!(Arc::ptr_eq(&a, &b));
        let other = shared_verifier(vec![CertificateDer::from(vec![1, 2, 3])]);
        assert!(!Arc::ptr_eq(&a, &other));
    }

    #[test]
    fn building_a_configuration_loads_no_roots() {
        let extra = vec![CertificateDer::from(b"not used for anything else".to_vec())];
        let refused = client_config(extra);
        assert!(refused.is_err(), "a certificate that does not parse");
        let config = client_config(Vec::new()).unwrap();
        assert_eq!(
            config.alpn_protocols,
            [b"h2".to_vec(), b"http/1.1".to_vec()]
        );
        let v = shared_verifier(Vec::new());
        assert!(
            v.inner.get().is_none(),
            "roots were loaded before a handshake"
        );
    }
}
