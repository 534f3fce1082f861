
use builtin;
use str;

set edit:completion:arg-completer[mcp-bridge] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'mcp-bridge'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'mcp-bridge'= {
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --debug 'Debug logging, as mcp-remote''s `--debug` (same as -vv)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand proxy 'Relay MCP between the stdio host and a remote server (the host runs this)'
            cand serve 'Serve a tool catalog locally over stdio (no remote hop)'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print the man page (roff) to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;proxy'= {
            cand --transport 'Transport strategy'
            cand -H 'Extra header on every request to the server, as "Name: value". Repeatable'
            cand --header 'Extra header on every request to the server, as "Name: value". Repeatable'
            cand --header-file 'Read extra headers from a file, one "Name: value" per line (# starts a comment). Keeps secrets out of the process list'
            cand --ignore-tool 'Hide tools whose name matches GLOB (`*` wildcard, case-insensitive) from tools/list; calling one gets a JSON-RPC error. Repeatable'
            cand --ping-interval 'Seconds between keep-alive pings; implies --keep-alive'
            cand --connect-timeout 'Seconds to wait for a TCP/TLS connection to the server'
            cand --ca-file 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority)'
            cand --max-message-size 'Largest JSON-RPC message accepted on stdin or from the server, in bytes'
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --allow-http 'Allow a plain http:// URL for a host that is not loopback'
            cand --keep-alive 'Send an MCP ping to the server every 30 seconds (see --ping-interval)'
            cand --no-proxy 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default)'
            cand --enable-proxy 'Accepted for mcp-remote compatibility: proxies from the environment are always used'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --debug 'Debug logging, as mcp-remote''s `--debug` (same as -vv)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mcp-bridge;serve'= {
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --debug 'Debug logging, as mcp-remote''s `--debug` (same as -vv)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand meraki 'The Cisco Meraki Dashboard tools'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;serve;meraki'= {
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --demo 'Answer every tool from example data built into the binary; needs no key and no network'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --debug 'Debug logging, as mcp-remote''s `--debug` (same as -vv)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mcp-bridge;serve;help'= {
            cand meraki 'The Cisco Meraki Dashboard tools'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;serve;help;meraki'= {
        }
        &'mcp-bridge;serve;help;help'= {
        }
        &'mcp-bridge;completions'= {
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --debug 'Debug logging, as mcp-remote''s `--debug` (same as -vv)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mcp-bridge;man'= {
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --debug 'Debug logging, as mcp-remote''s `--debug` (same as -vv)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mcp-bridge;help'= {
            cand proxy 'Relay MCP between the stdio host and a remote server (the host runs this)'
            cand serve 'Serve a tool catalog locally over stdio (no remote hop)'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print the man page (roff) to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;help;proxy'= {
        }
        &'mcp-bridge;help;serve'= {
            cand meraki 'The Cisco Meraki Dashboard tools'
        }
        &'mcp-bridge;help;serve;meraki'= {
        }
        &'mcp-bridge;help;completions'= {
        }
        &'mcp-bridge;help;man'= {
        }
        &'mcp-bridge;help;help'= {
        }
    ]
    $completions[$command]
}
