//! A real TLS server on 127.0.0.1 whose certificate is signed by a fresh certificate authority
//! that nothing trusts unless told to (`--ca-file`).

/// `python3 -m http.server` behind TLS with a fresh self-signed certificate for 127.0.0.1.
pub struct TlsServer {
    pub url: String,
    pub ca: std::path::PathBuf,
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl TlsServer {
    /// `None` when `openssl` or `python3` is missing.
    pub fn start() -> Option<TlsServer> {
        let dir = tempfile::tempdir().ok()?;
        let p = |n: &str| dir.path().join(n);
        let openssl = |args: &[&str]| {
            std::process::Command::new("openssl")
                .args(args)
                .current_dir(dir.path())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        std::fs::write(
            p("leaf.ext"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
        )
        .ok()?;
        let made = openssl(
            &[
                &["req", "-x509"][..],
                &ec,
                &[
                    "-days",
                    "2",
                    "-subj",
                    "/CN=test CA",
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                ],
            ]
            .concat(),
        ) && openssl(
            &[
                &["req"][..],
                &ec,
                &[
                    "-subj",
                    "/CN=127.0.0.1",
                    "-keyout",
                    "leaf.key",
                    "-out",
                    "leaf.csr",
                ],
            ]
            .concat(),
        ) && openssl(&[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "leaf.ext",
            "-out",
            "leaf.pem",
        ]);
        if !made {
            return None;
        }
        let (cert, key) = (p("leaf.pem"), p("leaf.key"));
        let script = format!(
            "import http.server, ssl, sys\n\
             s = http.server.HTTPServer(('127.0.0.1', 0), http.server.SimpleHTTPRequestHandler)\n\
             c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n\
             c.load_cert_chain({:?}, {:?})\n\
             s.socket = c.wrap_socket(s.socket, server_side=True)\n\
             print(s.server_address[1], flush=True)\n\
             s.serve_forever()\n",
            cert.display().to_string(),
            key.display().to_string()
        );
        let mut child = std::process::Command::new("python3")
            .args(["-c", &script])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take()?),
            &mut line,
        )
        .ok()?;
        let port: u16 = line.trim().parse().ok()?;
        Some(TlsServer {
            url: format!("https://127.0.0.1:{port}/ca.pem"),
            ca: p("ca.pem"),
            child,
            _dir: dir,
        })
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
