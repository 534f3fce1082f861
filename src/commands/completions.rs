//! `mcp-bridge completions <shell>` and `mcp-bridge man`: generated from the clap definition.
//! The man pages are one per command (`mcp-bridge.1`, `mcp-bridge-install.1`, …,
//! `mcp-bridge-config-add.1`), as the SEE ALSO sections of their parents name them.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::Cli;

/// Write the completion script for `shell` to `out`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "mcp-bridge", &mut script);
    if shell == clap_complete::Shell::Bash {
        script = fix_bash(&String::from_utf8(script)?).into_bytes();
    }
    out.write_all(&script)?;
    Ok(())
}

/// clap_complete turns the `-` of a binary name into `__` in the loop that tracks the
/// subcommand (`mcp__bridge__subcmd__doctor`) but into `__subcmd__` in the `case` arms that
/// complete it (`mcp__subcmd__bridge__subcmd__doctor`), so no subcommand ever completes. The
/// arms are renamed to what the loop builds.
fn fix_bash(script: &str) -> String {
    script.replace("mcp__subcmd__bridge", "mcp__bridge")
}

/// The command tree the man pages describe (no `help` subcommand: it has no page).
fn man_tree() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// Every page: (file name, command), the top level first.
fn pages() -> Vec<(String, clap::Command)> {
    fn walk(cmd: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
        let man = clap_mangen::Man::new(cmd.clone());
        out.push((man.get_filename(), cmd.clone()));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&man_tree(), &mut out);
    out
}

/// Write the man page (roff) of `mcp-bridge` or of the subcommand `path` (e.g. `config add`).
pub fn man(path: &[String], out: &mut dyn Write) -> anyhow::Result<()> {
    let mut cmd = man_tree();
    for name in path {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_owned())
            .collect();
        cmd = cmd.find_subcommand(name).cloned().with_context(|| {
            format!(
                "no command `{name}` to show the page of (there are: {}); list the pages with `mcp-bridge man --dir DIR`",
                names.join(", ")
            )
        })?;
    }
    clap_mangen::Man::new(cmd).render(out)?;
    Ok(())
}

/// Write every man page into `dir`; the files written.
pub fn man_to_dir(dir: &Path) -> anyhow::Result<Vec<String>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut names = Vec::new();
    for (name, cmd) in pages() {
        let mut text = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut text)?;
        let path = dir.join(&name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        names.push(name);
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_case_arms_match_the_names_the_loop_builds() {
        let mut out = Vec::new();
        completions(clap_complete::Shell::Bash, &mut out).unwrap();
        let script = String::from_utf8(out).unwrap();
        assert!(!script.contains("__subcmd__bridge"), "a broken arm is left");
        assert!(script.contains("        mcp__bridge__subcmd__doctor)"));
        assert!(script.contains("cmd=\"mcp__bridge__subcmd__doctor\""));
    }

    #[test]
    fn every_page_named_in_a_see_also_exists() {
        let pages = pages();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"mcp-bridge.1") && names.contains(&"mcp-bridge-install.1"));
        for (name, cmd) in &pages {
            let mut text = Vec::new();
            clap_mangen::Man::new(cmd.clone())
                .render(&mut text)
                .unwrap();
            let text = String::from_utf8(text).unwrap();
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                let page = format!("{}.1", sub.get_display_name().unwrap());
                assert!(
                    names.contains(&page.as_str()),
                    "{name} names {page}, which is not generated"
                );
                assert!(text.contains(&page.replace(".1", "(1)").replace('-', "\\-")));
            }
        }
    }
}
