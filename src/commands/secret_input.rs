//! Reading a secret a person hands over: a hidden prompt on a terminal, or the first line of
//! stdin when it is a pipe. Never argv, never echoed.

use std::io::{BufRead, IsTerminal, Read};

use anyhow::{Context, bail};

use crate::printer::Printer;

/// Longest line read from a pipe.
const MAX_INPUT: u64 = 4096;

/// Ask for `what` (e.g. "Meraki Dashboard API key"); `hint` is shown before a prompt.
pub fn read_secret(what: &str, hint: &str, printer: Printer) -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        if !hint.is_empty() {
            printer.info(hint);
        }
        let line = rpassword::prompt_password(format!("{what} (input is hidden): "))
            .with_context(|| format!("cannot read the {what} from the terminal"))?;
        return non_empty(line, what);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT)
        .read_line(&mut line)
        .with_context(|| format!("cannot read the {what} from stdin"))?;
    non_empty(line, what)
}

fn non_empty(line: String, what: &str) -> anyhow::Result<String> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        bail!("no {what} given; pipe it in or run this in a terminal");
    }
    Ok(trimmed.to_owned())
}
