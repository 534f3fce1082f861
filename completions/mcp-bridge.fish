# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_mcp_bridge_global_optspecs
    string join \n v/verbose q/quiet debug log-file= h/help V/version
end

function __fish_mcp_bridge_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_mcp_bridge_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_mcp_bridge_using_subcommand
    set -l cmd (__fish_mcp_bridge_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "proxy" -d 'Relay MCP between the stdio host and a remote server (the host runs this)'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "login" -d 'Sign in to a remote server in the browser and store the credential'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "logout" -d 'Remove a server\'s stored credential and revoke it'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "token" -d 'Print a valid access token for scripts (refreshing it when needed)'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "doctor" -d 'Check every link from this machine to a remote MCP server, and say how to fix what is broken'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "status" -d 'Show the stored credentials (exit 1 when one is unusable)'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "policy" -d 'Show the machine policy an administrator set, and where it comes from'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "serve" -d 'Serve a tool catalog locally over stdio (no remote hop)'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "meraki" -d 'Manage the Meraki Dashboard API key used by `serve meraki` (kept in the OS keyring)'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "install" -d 'Add this bridge to a desktop host\'s MCP config (Claude Desktop, Cursor, Claude Code, Windsurf)'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "uninstall" -d 'Remove this bridge\'s entry from a desktop host\'s MCP config'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "import" -d 'Import sign-ins from mcp-remote, so that switching needs no new sign-in'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "config" -d 'Manage named servers, so that a host config can say `mcp-bridge proxy NAME`'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "man" -d 'Print a man page (roff) to stdout, or write them all with --dir'
complete -c mcp-bridge -n "__fish_mcp_bridge_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l transport -d 'Transport strategy' -r -f -a "http-first\t'Streamable HTTP; fall back to HTTP+SSE when the server answers 400, 404 or 405'
sse-first\t'HTTP+SSE; fall back to Streamable HTTP when the SSE stream cannot be opened'
http-only\t'Streamable HTTP only'
sse-only\t'HTTP+SSE (2024-11-05) only'"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l protocol -d 'MCP revision to speak to the server (mcp-remote\'s --protocol)' -r -f -a "auto\t'Probe with server/discover and speak 2026-07-28 when the server does, else initialize (what each origin speaks is remembered). A server that speaks both keeps a 2025-11-25 host that takes sampling, elicitation or roots requests on its own revision'
legacy\t'Only the initialize-based revisions (up to 2025-11-25)'
modern\t'The stateless 2026-07-28 revision: for a 2025-11-25 host the bridge answers initialize from server/discover and translates; a 2026-07-28 host\'s messages pass through'"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -s H -l header -d 'Extra header on every request to the server, as "Name: value". Repeatable' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l header-file -d 'Read extra headers from a file, one "Name: value" per line (# starts a comment). Keeps secrets out of the process list' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l ignore-tool -d 'Hide tools whose name matches GLOB (`*` wildcard, case-insensitive) from tools/list; calling one gets a JSON-RPC error. Repeatable' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l allow-tool -d 'List and allow only tools whose name matches GLOB (`*` wildcard, case-insensitive); --ignore-tool wins over it. Repeatable. A machine policy\'s rules apply as well' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l ping-interval -d 'Seconds between keep-alive pings; implies --keep-alive' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l headers-timeout -d 'Seconds to wait for the response headers of each request (0, the default: no limit; a slow tool call may take long to answer)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l body-timeout -d 'Seconds a response body or event stream may stay silent before the bridge gives up on it (an event stream is then reopened). 0, the default: no limit, so idle streams stay open (mcp-remote\'s default of 300 closed them)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l audit-log -d 'Append one JSON line per tools/call to this file (time, server, tool, duration, outcome, signed-in identity); mode 0600, safe to share between several bridges. Arguments and results are never written unless --audit-include-arguments' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l max-message-size -d 'Largest JSON-RPC message accepted on stdin or from the server, in bytes' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l scope -d 'Scopes to request, space-separated. Default: the server\'s challenge, else its advertised scopes, else none' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l resource -d 'The RFC 8707 resource to request tokens for (default: the server\'s canonical URL)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l client-id -d 'A pre-registered OAuth client id (skips dynamic registration)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l client-secret -d 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l static-oauth-client-info -d 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l static-oauth-client-metadata -d 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge\'s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge\'s' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l authorize-param -d 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0\'s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l client-metadata-url -d 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l callback-port -d 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l host -d 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]' -r -f -a "localhost\t''
127.0.0.1\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l callback-path -d 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l auth-timeout -d 'Seconds to wait for the browser sign-in' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l browser -d 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l auth-success-url -d 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge\'s own page' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l token-endpoint -d 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server\'s metadata' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l store -d 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only' -r -f -a "keyring\t''
file\t''
memory\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l authorization-server -d 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l cf-access-team -d 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application\'s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare\'s guide work instead' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l cf-access-client-id -d 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l cf-access-client-secret -d 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l cf-access-client-secret-file -d 'Read the service token\'s Client Secret from this file (first line)' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l ca-file -d 'Extra PEM certificate(s) to trust besides the operating system\'s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l connect-timeout -d 'Seconds to wait for a TCP/TLS connection' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l allow-http -d 'Allow a plain http:// URL for a host that is not loopback'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l read-only -d 'List and allow only the tools the server marks read-only (`readOnlyHint: true`)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l keep-alive -d 'Send an MCP ping to the server every 30 seconds (see --ping-interval)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l disable-cookies -d 'Accepted for mcp-remote compatibility (with a warning): the bridge keeps no cookies'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l audit-include-arguments -d 'Also write each call\'s arguments to the audit log (never its results)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l enable-proxy -d 'Accepted for mcp-remote compatibility: proxies from the environment are always used'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l disable-resource-parameter -d 'Do not send the `resource` parameter (for authorization servers that reject it)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l no-browser -d 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l device-code -d 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l client-credentials -d 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l use-id-token -d 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider\'s JWT); it is refreshed by its own `exp`'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l no-proxy -d 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l ipv4 -d 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand proxy" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l scope -d 'Scopes to request, space-separated. Default: the server\'s challenge, else its advertised scopes, else none' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l resource -d 'The RFC 8707 resource to request tokens for (default: the server\'s canonical URL)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l client-id -d 'A pre-registered OAuth client id (skips dynamic registration)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l client-secret -d 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l static-oauth-client-info -d 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l static-oauth-client-metadata -d 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge\'s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge\'s' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l authorize-param -d 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0\'s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l client-metadata-url -d 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l callback-port -d 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l host -d 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]' -r -f -a "localhost\t''
127.0.0.1\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l callback-path -d 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l auth-timeout -d 'Seconds to wait for the browser sign-in' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l browser -d 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l auth-success-url -d 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge\'s own page' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l token-endpoint -d 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server\'s metadata' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l store -d 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only' -r -f -a "keyring\t''
file\t''
memory\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l authorization-server -d 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l cf-access-team -d 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application\'s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare\'s guide work instead' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l cf-access-client-id -d 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l cf-access-client-secret -d 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l cf-access-client-secret-file -d 'Read the service token\'s Client Secret from this file (first line)' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l ca-file -d 'Extra PEM certificate(s) to trust besides the operating system\'s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l connect-timeout -d 'Seconds to wait for a TCP/TLS connection' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l force -d 'Sign in again even when a usable credential is stored'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l allow-http -d 'Allow a plain http:// URL for a host that is not loopback'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l disable-resource-parameter -d 'Do not send the `resource` parameter (for authorization servers that reject it)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l no-browser -d 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l device-code -d 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l client-credentials -d 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l use-id-token -d 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider\'s JWT); it is refreshed by its own `exp`'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l no-proxy -d 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l ipv4 -d 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand login" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -l store -d 'Credential store to clear (default: the keyring when reachable, else the file)' -r -f -a "keyring\t''
file\t''
memory\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -l ca-file -d 'Extra PEM certificate(s) to trust besides the operating system\'s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -l connect-timeout -d 'Seconds to wait for a TCP/TLS connection' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -l all -d 'Sign out of every stored server'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -l no-revoke -d 'Only delete locally; do not ask the authorization server to revoke the tokens'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -l no-proxy -d 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -l ipv4 -d 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand logout" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l scope -d 'Scopes to request, space-separated. Default: the server\'s challenge, else its advertised scopes, else none' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l resource -d 'The RFC 8707 resource to request tokens for (default: the server\'s canonical URL)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l client-id -d 'A pre-registered OAuth client id (skips dynamic registration)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l client-secret -d 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l static-oauth-client-info -d 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l static-oauth-client-metadata -d 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge\'s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge\'s' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l authorize-param -d 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0\'s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l client-metadata-url -d 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l callback-port -d 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l host -d 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]' -r -f -a "localhost\t''
127.0.0.1\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l callback-path -d 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l auth-timeout -d 'Seconds to wait for the browser sign-in' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l browser -d 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l auth-success-url -d 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge\'s own page' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l token-endpoint -d 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server\'s metadata' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l store -d 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only' -r -f -a "keyring\t''
file\t''
memory\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l authorization-server -d 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l cf-access-team -d 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application\'s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare\'s guide work instead' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l cf-access-client-id -d 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l cf-access-client-secret -d 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l cf-access-client-secret-file -d 'Read the service token\'s Client Secret from this file (first line)' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l ca-file -d 'Extra PEM certificate(s) to trust besides the operating system\'s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l connect-timeout -d 'Seconds to wait for a TCP/TLS connection' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l json -d 'Print {"access_token", "token_type", "expires_at", "scope"} as JSON'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l refresh -d 'Refresh even if the token is still valid'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l login -d 'Sign in through the browser when there is no usable credential'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l allow-http -d 'Allow a plain http:// URL for a host that is not loopback'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l disable-resource-parameter -d 'Do not send the `resource` parameter (for authorization servers that reject it)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l no-browser -d 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l device-code -d 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l client-credentials -d 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l use-id-token -d 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider\'s JWT); it is refreshed by its own `exp`'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l no-proxy -d 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l ipv4 -d 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand token" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -s H -l header -d 'Extra header, as for `proxy` (${VAR} expanded). Repeatable' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l header-file -d 'Read extra headers from a file, as for `proxy`' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l scope -d 'Scopes to request, space-separated. Default: the server\'s challenge, else its advertised scopes, else none' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l resource -d 'The RFC 8707 resource to request tokens for (default: the server\'s canonical URL)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l client-id -d 'A pre-registered OAuth client id (skips dynamic registration)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l client-secret -d 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l static-oauth-client-info -d 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l static-oauth-client-metadata -d 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge\'s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge\'s' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l authorize-param -d 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0\'s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l client-metadata-url -d 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l callback-port -d 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l host -d 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]' -r -f -a "localhost\t''
127.0.0.1\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l callback-path -d 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l auth-timeout -d 'Seconds to wait for the browser sign-in' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l browser -d 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l auth-success-url -d 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge\'s own page' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l token-endpoint -d 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server\'s metadata' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l store -d 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only' -r -f -a "keyring\t''
file\t''
memory\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l authorization-server -d 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l cf-access-team -d 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application\'s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare\'s guide work instead' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l cf-access-client-id -d 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l cf-access-client-secret -d 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l cf-access-client-secret-file -d 'Read the service token\'s Client Secret from this file (first line)' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l ca-file -d 'Extra PEM certificate(s) to trust besides the operating system\'s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l connect-timeout -d 'Seconds to wait for a TCP/TLS connection' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l json -d 'Print the report as JSON on stdout (for bug reports)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l allow-http -d 'Allow a plain http:// URL for a host that is not loopback'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l disable-resource-parameter -d 'Do not send the `resource` parameter (for authorization servers that reject it)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l no-browser -d 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l device-code -d 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l client-credentials -d 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l use-id-token -d 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider\'s JWT); it is refreshed by its own `exp`'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l no-proxy -d 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l ipv4 -d 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand status" -l store -d 'Credential store to read (default: the keyring when reachable, else the file)' -r -f -a "keyring\t''
file\t''
memory\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand status" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand status" -l json -d 'Machine-readable output on stdout'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand status" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand status" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand status" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand status" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand status" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print the policy files and their rules'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and __fish_seen_subcommand_from show" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and __fish_seen_subcommand_from show" -l json -d 'Machine-readable output on stdout'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and __fish_seen_subcommand_from show" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the policy files and their rules'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and not __fish_seen_subcommand_from meraki help" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and not __fish_seen_subcommand_from meraki help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and not __fish_seen_subcommand_from meraki help" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and not __fish_seen_subcommand_from meraki help" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and not __fish_seen_subcommand_from meraki help" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and not __fish_seen_subcommand_from meraki help" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and not __fish_seen_subcommand_from meraki help" -f -a "meraki" -d 'Serve the Cisco Meraki Dashboard tools over stdio, calling the Dashboard API directly'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and not __fish_seen_subcommand_from meraki help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l region -d 'The Dashboard region to call [env: MERAKI_REGION] [default: global]' -r -f -a "global\t'api.meraki.com (the default; it redirects to the organization\'s shard when needed)'
canada\t'api.meraki.ca'
china\t'api.meraki.cn'
india\t'api.meraki.in'
fedramp\t'api.gov-meraki.com (US FedRAMP)'"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l base-url -d 'Call this API root instead of a region\'s (a gateway, a test server) [env: MERAKI_BASE_URL]' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l trust-origin -d 'Also send the key to this origin when the API redirects or pages there, as to a Meraki host (test setups with a second local server as an organization\'s shard)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l api-key-file -d 'Read the API key from this file (instead of MERAKI_DASHBOARD_API_KEY or the keyring)' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l allow-tool -d 'Offer only tools whose name matches GLOB (`*` wildcard, case-insensitive); repeatable' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l ignore-tool -d 'Hide tools whose name matches GLOB; calling one gets a JSON-RPC error. Repeatable' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l max-pages -d 'The most pages followed for one list (`Link: rel=next`)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l rate-limit -d 'Requests per second per organization (the Dashboard allows 10)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l max-retries -d 'Retries after a 429 answer before giving up' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l max-server-retries -d 'Retries after a 5xx answer or a failed connection (reads only)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l retry-base-delay-ms -d 'The first retry wait in milliseconds, doubled each time (a 429\'s Retry-After wins)' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l timeout -d 'Seconds to wait for one API answer' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l cache-ttl-organizations -d 'Seconds to keep the list of organizations and organization details' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l cache-ttl-networks -d 'Seconds to keep network lists and network details' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l cache-ttl-clients -d 'Seconds to keep client lists' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l max-result-bytes -d 'Tool results above this many bytes are cut (long lists shortened) with a note saying so' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l ca-file -d 'Extra PEM certificate(s) to trust besides the operating system\'s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l connect-timeout -d 'Seconds to wait for a TCP/TLS connection' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l demo -d 'Answer every tool from example data built into the binary; needs no key and no network'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l allow-writes -d 'Also offer `meraki_api_call`, which runs operations that change the configuration (POST, PUT, DELETE). Off by default: every tool is read-only'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l read-only -d 'Offer only the read-only tools: what the server does without --allow-writes, accepted so that every command takes the same flag'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l no-cache -d 'Cache nothing'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l no-proxy -d 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l ipv4 -d 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from meraki" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from help" -f -a "meraki" -d 'Serve the Cisco Meraki Dashboard tools over stdio, calling the Dashboard API directly'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand serve; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and not __fish_seen_subcommand_from set-key remove-key key-status help" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and not __fish_seen_subcommand_from set-key remove-key key-status help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and not __fish_seen_subcommand_from set-key remove-key key-status help" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and not __fish_seen_subcommand_from set-key remove-key key-status help" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and not __fish_seen_subcommand_from set-key remove-key key-status help" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and not __fish_seen_subcommand_from set-key remove-key key-status help" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and not __fish_seen_subcommand_from set-key remove-key key-status help" -f -a "set-key" -d 'Store the Meraki Dashboard API key in the OS keyring for `serve meraki`'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and not __fish_seen_subcommand_from set-key remove-key key-status help" -f -a "remove-key" -d 'Delete the stored Meraki Dashboard API key'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and not __fish_seen_subcommand_from set-key remove-key key-status help" -f -a "key-status" -d 'Say whether a Meraki Dashboard API key is stored, and where (never the key itself)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and not __fish_seen_subcommand_from set-key remove-key key-status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from set-key" -l store -d 'Where the key lives: the OS keyring (default), or the 0600 file in the data directory' -r -f -a "keyring\t''
file\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from set-key" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from set-key" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from set-key" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from set-key" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from set-key" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from set-key" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from remove-key" -l store -d 'Where the key lives: the OS keyring (default), or the 0600 file in the data directory' -r -f -a "keyring\t''
file\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from remove-key" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from remove-key" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from remove-key" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from remove-key" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from remove-key" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from remove-key" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from key-status" -l store -d 'Where the key lives: the OS keyring (default), or the 0600 file in the data directory' -r -f -a "keyring\t''
file\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from key-status" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from key-status" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from key-status" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from key-status" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from key-status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from key-status" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from help" -f -a "set-key" -d 'Store the Meraki Dashboard API key in the OS keyring for `serve meraki`'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from help" -f -a "remove-key" -d 'Delete the stored Meraki Dashboard API key'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from help" -f -a "key-status" -d 'Say whether a Meraki Dashboard API key is stored, and where (never the key itself)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand meraki; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand install" -l config-file -d 'Change this file instead of the host\'s usual one' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand install" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand install" -l print -d 'Print the entry instead of writing the file'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand install" -l force -d 'Replace an entry of this name that runs something else'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand install" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand install" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand install" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand install" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand uninstall" -l config-file -d 'Change this file instead of the host\'s usual one' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand uninstall" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand uninstall" -l force -d 'Remove the entry even when it does not run mcp-bridge'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand uninstall" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand uninstall" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand uninstall" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand uninstall" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand uninstall" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and not __fish_seen_subcommand_from mcp-remote help" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and not __fish_seen_subcommand_from mcp-remote help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and not __fish_seen_subcommand_from mcp-remote help" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and not __fish_seen_subcommand_from mcp-remote help" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and not __fish_seen_subcommand_from mcp-remote help" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and not __fish_seen_subcommand_from mcp-remote help" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and not __fish_seen_subcommand_from mcp-remote help" -f -a "mcp-remote" -d 'Import mcp-remote\'s sign-ins (~/.mcp-auth/mcp-remote-v1 and older mcp-remote-<version> directories, or under MCP_REMOTE_CONFIG_DIR)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and not __fish_seen_subcommand_from mcp-remote help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -l dir -d 'mcp-remote\'s base directory (holding mcp-remote-v1), or the directory holding the `<hash>_tokens.json` files itself' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -l store -d 'Where to put the tokens (default: the keyring when reachable, else the 0600 file)' -r -f -a "keyring\t''
file\t''
memory\t''"
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -l ca-file -d 'Extra PEM certificate(s) to trust besides the operating system\'s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -l connect-timeout -d 'Seconds to wait for a TCP/TLS connection' -r
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -l force -d 'Replace credentials the bridge already has'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -l dry-run -d 'Only say what would be imported'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -l no-proxy -d 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -l ipv4 -d 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from mcp-remote" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "mcp-remote" -d 'Import mcp-remote\'s sign-ins (~/.mcp-auth/mcp-remote-v1 and older mcp-remote-<version> directories, or under MCP_REMOTE_CONFIG_DIR)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and not __fish_seen_subcommand_from path show add remove help" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and not __fish_seen_subcommand_from path show add remove help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and not __fish_seen_subcommand_from path show add remove help" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and not __fish_seen_subcommand_from path show add remove help" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and not __fish_seen_subcommand_from path show add remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and not __fish_seen_subcommand_from path show add remove help" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and not __fish_seen_subcommand_from path show add remove help" -f -a "path" -d 'Print the config file\'s path (it need not exist yet)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and not __fish_seen_subcommand_from path show add remove help" -f -a "show" -d 'Check the file and print it, or one server\'s settings'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and not __fish_seen_subcommand_from path show add remove help" -f -a "add" -d 'Add a server, or replace the one with this name (comments and other servers are kept)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and not __fish_seen_subcommand_from path show add remove help" -f -a "remove" -d 'Remove a server'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and not __fish_seen_subcommand_from path show add remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from path" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from path" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from show" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from show" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from add" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from add" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from remove" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from remove" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the config file\'s path (it need not exist yet)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Check the file and print it, or one server\'s settings'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a server, or replace the one with this name (comments and other servers are kept)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a server'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand completions" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand completions" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand completions" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand completions" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand man" -l dir -d 'Write every page into this directory instead (created if needed)' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand man" -l log-file -d 'Write logs to this file (appended, mode 0600) instead of stderr' -r -F
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand man" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand man" -s q -l quiet -d 'Only errors on stderr'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand man" -l debug -d 'Debug logging, as mcp-remote\'s `--debug` (same as -vv)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand man" -s V -l version -d 'Print version'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "proxy" -d 'Relay MCP between the stdio host and a remote server (the host runs this)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "login" -d 'Sign in to a remote server in the browser and store the credential'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "logout" -d 'Remove a server\'s stored credential and revoke it'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "token" -d 'Print a valid access token for scripts (refreshing it when needed)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "doctor" -d 'Check every link from this machine to a remote MCP server, and say how to fix what is broken'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "status" -d 'Show the stored credentials (exit 1 when one is unusable)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "policy" -d 'Show the machine policy an administrator set, and where it comes from'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "serve" -d 'Serve a tool catalog locally over stdio (no remote hop)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "meraki" -d 'Manage the Meraki Dashboard API key used by `serve meraki` (kept in the OS keyring)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "install" -d 'Add this bridge to a desktop host\'s MCP config (Claude Desktop, Cursor, Claude Code, Windsurf)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "uninstall" -d 'Remove this bridge\'s entry from a desktop host\'s MCP config'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "import" -d 'Import sign-ins from mcp-remote, so that switching needs no new sign-in'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "config" -d 'Manage named servers, so that a host config can say `mcp-bridge proxy NAME`'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "man" -d 'Print a man page (roff) to stdout, or write them all with --dir'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and not __fish_seen_subcommand_from proxy login logout token doctor status policy serve meraki install uninstall import config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Print the policy files and their rules'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and __fish_seen_subcommand_from serve" -f -a "meraki" -d 'Serve the Cisco Meraki Dashboard tools over stdio, calling the Dashboard API directly'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and __fish_seen_subcommand_from meraki" -f -a "set-key" -d 'Store the Meraki Dashboard API key in the OS keyring for `serve meraki`'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and __fish_seen_subcommand_from meraki" -f -a "remove-key" -d 'Delete the stored Meraki Dashboard API key'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and __fish_seen_subcommand_from meraki" -f -a "key-status" -d 'Say whether a Meraki Dashboard API key is stored, and where (never the key itself)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "mcp-remote" -d 'Import mcp-remote\'s sign-ins (~/.mcp-auth/mcp-remote-v1 and older mcp-remote-<version> directories, or under MCP_REMOTE_CONFIG_DIR)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print the config file\'s path (it need not exist yet)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Check the file and print it, or one server\'s settings'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "add" -d 'Add a server, or replace the one with this name (comments and other servers are kept)'
complete -c mcp-bridge -n "__fish_mcp_bridge_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "remove" -d 'Remove a server'
