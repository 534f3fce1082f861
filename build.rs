//! Lays out the code a launch executes next to each other in Linux release builds, so that
//! the kernel maps a fraction of the program instead of most of it (link/startup.ld, written
//! by scripts/startup-order.sh; bench/STARTUP.md has the measurements).
//!
//! Only release builds of the executable get it: a debug link would take seconds longer for
//! nothing. The linker script is understood by lld (Rust's default linker on x86_64 Linux)
//! and GNU ld (the musl builds); set MCP_BRIDGE_NO_STARTUP_ORDER=1 to build without it, e.g.
//! with a linker that takes no linker scripts, such as mold.

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=link/startup.ld");
    println!("cargo:rerun-if-env-changed=MCP_BRIDGE_NO_STARTUP_ORDER");
    let linux = env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    let release = env::var("PROFILE").as_deref() == Ok("release");
    let opted_out = env::var_os("MCP_BRIDGE_NO_STARTUP_ORDER").is_some_and(|v| !v.is_empty());
    let mold = env::var("CARGO_ENCODED_RUSTFLAGS").is_ok_and(|f| f.contains("mold"));
    if linux && release && !opted_out && !mold {
        let script = format!(
            "{}/link/startup.ld",
            env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")
        );
        println!("cargo:rustc-link-arg-bins=-Wl,-T,{script}");
    }
}
