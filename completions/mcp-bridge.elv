
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
            cand login 'Sign in to a remote server in the browser and store the credential'
            cand logout 'Remove a server''s stored credential and revoke it'
            cand token 'Print a valid access token for scripts (refreshing it when needed)'
            cand doctor 'Check every link from this machine to a remote MCP server, and say how to fix what is broken'
            cand status 'Show the stored credentials (exit 1 when one is unusable)'
            cand policy 'Show the machine policy an administrator set, and where it comes from'
            cand serve 'Serve a tool catalog locally over stdio (no remote hop)'
            cand meraki 'Manage the Meraki Dashboard API key used by `serve meraki` (kept in the OS keyring)'
            cand install 'Add this bridge to a desktop host''s MCP config (Claude Desktop, Cursor, Claude Code, Windsurf)'
            cand uninstall 'Remove this bridge''s entry from a desktop host''s MCP config'
            cand import 'Import sign-ins from mcp-remote, so that switching needs no new sign-in'
            cand config 'Manage named servers, so that a host config can say `mcp-bridge proxy NAME`'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print a man page (roff) to stdout, or write them all with --dir'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;proxy'= {
            cand --transport 'Transport strategy'
            cand --protocol 'MCP revision to speak to the server (mcp-remote''s --protocol)'
            cand -H 'Extra header on every request to the server, as "Name: value". Repeatable'
            cand --header 'Extra header on every request to the server, as "Name: value". Repeatable'
            cand --header-file 'Read extra headers from a file, one "Name: value" per line (# starts a comment). Keeps secrets out of the process list'
            cand --ignore-tool 'Hide tools whose name matches GLOB (`*` wildcard, case-insensitive) from tools/list; calling one gets a JSON-RPC error. Repeatable'
            cand --allow-tool 'List and allow only tools whose name matches GLOB (`*` wildcard, case-insensitive); --ignore-tool wins over it. Repeatable. A machine policy''s rules apply as well'
            cand --ping-interval 'Seconds between keep-alive pings; implies --keep-alive'
            cand --headers-timeout 'Seconds to wait for the response headers of each request (0, the default: no limit; a slow tool call may take long to answer)'
            cand --body-timeout 'Seconds a response body or event stream may stay silent before the bridge gives up on it (an event stream is then reopened). 0, the default: no limit, so idle streams stay open (mcp-remote''s default of 300 closed them)'
            cand --audit-log 'Append one JSON line per tools/call to this file (time, server, tool, duration, outcome, signed-in identity); mode 0600, safe to share between several bridges. Arguments and results are never written unless --audit-include-arguments'
            cand --max-message-size 'Largest JSON-RPC message accepted on stdin or from the server, in bytes'
            cand --scope 'Scopes to request, space-separated. Default: the server''s challenge, else its advertised scopes, else none'
            cand --resource 'The RFC 8707 resource to request tokens for (default: the server''s canonical URL)'
            cand --client-id 'A pre-registered OAuth client id (skips dynamic registration)'
            cand --client-secret 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list'
            cand --static-oauth-client-info 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible'
            cand --static-oauth-client-metadata 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge''s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge''s'
            cand --authorize-param 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0''s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way'
            cand --client-metadata-url 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it'
            cand --callback-port 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team'
            cand --host 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]'
            cand --callback-path 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]'
            cand --auth-timeout 'Seconds to wait for the browser sign-in'
            cand --browser 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER'
            cand --auth-success-url 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge''s own page'
            cand --token-endpoint 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server''s metadata'
            cand --store 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only'
            cand --authorization-server 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise'
            cand --cf-access-team 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application''s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare''s guide work instead'
            cand --cf-access-client-id 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens'
            cand --cf-access-client-secret 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable'
            cand --cf-access-client-secret-file 'Read the service token''s Client Secret from this file (first line)'
            cand --ca-file 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access'
            cand --connect-timeout 'Seconds to wait for a TCP/TLS connection'
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --allow-http 'Allow a plain http:// URL for a host that is not loopback'
            cand --read-only 'List and allow only the tools the server marks read-only (`readOnlyHint: true`)'
            cand --keep-alive 'Send an MCP ping to the server every 30 seconds (see --ping-interval)'
            cand --disable-cookies 'Accepted for mcp-remote compatibility (with a warning): the bridge keeps no cookies'
            cand --audit-include-arguments 'Also write each call''s arguments to the audit log (never its results)'
            cand --enable-proxy 'Accepted for mcp-remote compatibility: proxies from the environment are always used'
            cand --disable-resource-parameter 'Do not send the `resource` parameter (for authorization servers that reject it)'
            cand --no-browser 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)'
            cand --device-code 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser'
            cand --client-credentials 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)'
            cand --use-id-token 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider''s JWT); it is refreshed by its own `exp`'
            cand --no-proxy 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
            cand --ipv4 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
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
        &'mcp-bridge;login'= {
            cand --scope 'Scopes to request, space-separated. Default: the server''s challenge, else its advertised scopes, else none'
            cand --resource 'The RFC 8707 resource to request tokens for (default: the server''s canonical URL)'
            cand --client-id 'A pre-registered OAuth client id (skips dynamic registration)'
            cand --client-secret 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list'
            cand --static-oauth-client-info 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible'
            cand --static-oauth-client-metadata 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge''s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge''s'
            cand --authorize-param 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0''s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way'
            cand --client-metadata-url 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it'
            cand --callback-port 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team'
            cand --host 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]'
            cand --callback-path 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]'
            cand --auth-timeout 'Seconds to wait for the browser sign-in'
            cand --browser 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER'
            cand --auth-success-url 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge''s own page'
            cand --token-endpoint 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server''s metadata'
            cand --store 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only'
            cand --authorization-server 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise'
            cand --cf-access-team 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application''s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare''s guide work instead'
            cand --cf-access-client-id 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens'
            cand --cf-access-client-secret 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable'
            cand --cf-access-client-secret-file 'Read the service token''s Client Secret from this file (first line)'
            cand --ca-file 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access'
            cand --connect-timeout 'Seconds to wait for a TCP/TLS connection'
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --force 'Sign in again even when a usable credential is stored'
            cand --allow-http 'Allow a plain http:// URL for a host that is not loopback'
            cand --disable-resource-parameter 'Do not send the `resource` parameter (for authorization servers that reject it)'
            cand --no-browser 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)'
            cand --device-code 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser'
            cand --client-credentials 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)'
            cand --use-id-token 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider''s JWT); it is refreshed by its own `exp`'
            cand --no-proxy 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
            cand --ipv4 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
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
        &'mcp-bridge;logout'= {
            cand --store 'Credential store to clear (default: the keyring when reachable, else the file)'
            cand --ca-file 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access'
            cand --connect-timeout 'Seconds to wait for a TCP/TLS connection'
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --all 'Sign out of every stored server'
            cand --no-revoke 'Only delete locally; do not ask the authorization server to revoke the tokens'
            cand --no-proxy 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
            cand --ipv4 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
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
        &'mcp-bridge;token'= {
            cand --scope 'Scopes to request, space-separated. Default: the server''s challenge, else its advertised scopes, else none'
            cand --resource 'The RFC 8707 resource to request tokens for (default: the server''s canonical URL)'
            cand --client-id 'A pre-registered OAuth client id (skips dynamic registration)'
            cand --client-secret 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list'
            cand --static-oauth-client-info 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible'
            cand --static-oauth-client-metadata 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge''s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge''s'
            cand --authorize-param 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0''s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way'
            cand --client-metadata-url 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it'
            cand --callback-port 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team'
            cand --host 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]'
            cand --callback-path 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]'
            cand --auth-timeout 'Seconds to wait for the browser sign-in'
            cand --browser 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER'
            cand --auth-success-url 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge''s own page'
            cand --token-endpoint 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server''s metadata'
            cand --store 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only'
            cand --authorization-server 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise'
            cand --cf-access-team 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application''s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare''s guide work instead'
            cand --cf-access-client-id 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens'
            cand --cf-access-client-secret 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable'
            cand --cf-access-client-secret-file 'Read the service token''s Client Secret from this file (first line)'
            cand --ca-file 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access'
            cand --connect-timeout 'Seconds to wait for a TCP/TLS connection'
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --json 'Print {"access_token", "token_type", "expires_at", "scope"} as JSON'
            cand --refresh 'Refresh even if the token is still valid'
            cand --login 'Sign in through the browser when there is no usable credential'
            cand --allow-http 'Allow a plain http:// URL for a host that is not loopback'
            cand --disable-resource-parameter 'Do not send the `resource` parameter (for authorization servers that reject it)'
            cand --no-browser 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)'
            cand --device-code 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser'
            cand --client-credentials 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)'
            cand --use-id-token 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider''s JWT); it is refreshed by its own `exp`'
            cand --no-proxy 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
            cand --ipv4 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
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
        &'mcp-bridge;doctor'= {
            cand -H 'Extra header, as for `proxy` (${VAR} expanded). Repeatable'
            cand --header 'Extra header, as for `proxy` (${VAR} expanded). Repeatable'
            cand --header-file 'Read extra headers from a file, as for `proxy`'
            cand --scope 'Scopes to request, space-separated. Default: the server''s challenge, else its advertised scopes, else none'
            cand --resource 'The RFC 8707 resource to request tokens for (default: the server''s canonical URL)'
            cand --client-id 'A pre-registered OAuth client id (skips dynamic registration)'
            cand --client-secret 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list'
            cand --static-oauth-client-info 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible'
            cand --static-oauth-client-metadata 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge''s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge''s'
            cand --authorize-param 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0''s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way'
            cand --client-metadata-url 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it'
            cand --callback-port 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team'
            cand --host 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]'
            cand --callback-path 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]'
            cand --auth-timeout 'Seconds to wait for the browser sign-in'
            cand --browser 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER'
            cand --auth-success-url 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge''s own page'
            cand --token-endpoint 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server''s metadata'
            cand --store 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only'
            cand --authorization-server 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise'
            cand --cf-access-team 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application''s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare''s guide work instead'
            cand --cf-access-client-id 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens'
            cand --cf-access-client-secret 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable'
            cand --cf-access-client-secret-file 'Read the service token''s Client Secret from this file (first line)'
            cand --ca-file 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access'
            cand --connect-timeout 'Seconds to wait for a TCP/TLS connection'
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --json 'Print the report as JSON on stdout (for bug reports)'
            cand --allow-http 'Allow a plain http:// URL for a host that is not loopback'
            cand --disable-resource-parameter 'Do not send the `resource` parameter (for authorization servers that reject it)'
            cand --no-browser 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)'
            cand --device-code 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser'
            cand --client-credentials 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)'
            cand --use-id-token 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider''s JWT); it is refreshed by its own `exp`'
            cand --no-proxy 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
            cand --ipv4 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
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
        &'mcp-bridge;status'= {
            cand --store 'Credential store to read (default: the keyring when reachable, else the file)'
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --json 'Machine-readable output on stdout'
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
        &'mcp-bridge;policy'= {
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
            cand show 'Print the policy files and their rules'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;policy;show'= {
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --json 'Machine-readable output on stdout'
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
        &'mcp-bridge;policy;help'= {
            cand show 'Print the policy files and their rules'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;policy;help;show'= {
        }
        &'mcp-bridge;policy;help;help'= {
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
            cand meraki 'Serve the Cisco Meraki Dashboard tools over stdio, calling the Dashboard API directly'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;serve;meraki'= {
            cand --region 'The Dashboard region to call [env: MERAKI_REGION] [default: global]'
            cand --base-url 'Call this API root instead of a region''s (a gateway, a test server) [env: MERAKI_BASE_URL]'
            cand --trust-origin 'Also send the key to this origin when the API redirects or pages there, as to a Meraki host (test setups with a second local server as an organization''s shard)'
            cand --api-key-file 'Read the API key from this file (instead of MERAKI_DASHBOARD_API_KEY or the keyring)'
            cand --allow-tool 'Offer only tools whose name matches GLOB (`*` wildcard, case-insensitive); repeatable'
            cand --ignore-tool 'Hide tools whose name matches GLOB; calling one gets a JSON-RPC error. Repeatable'
            cand --max-pages 'The most pages followed for one list (`Link: rel=next`)'
            cand --rate-limit 'Requests per second per organization (the Dashboard allows 10)'
            cand --max-retries 'Retries after a 429 answer before giving up'
            cand --max-server-retries 'Retries after a 5xx answer or a failed connection (reads only)'
            cand --retry-base-delay-ms 'The first retry wait in milliseconds, doubled each time (a 429''s Retry-After wins)'
            cand --timeout 'Seconds to wait for one API answer'
            cand --cache-ttl-organizations 'Seconds to keep the list of organizations and organization details'
            cand --cache-ttl-networks 'Seconds to keep network lists and network details'
            cand --cache-ttl-clients 'Seconds to keep client lists'
            cand --max-result-bytes 'Tool results above this many bytes are cut (long lists shortened) with a note saying so'
            cand --ca-file 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access'
            cand --connect-timeout 'Seconds to wait for a TCP/TLS connection'
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --demo 'Answer every tool from example data built into the binary; needs no key and no network'
            cand --allow-writes 'Also offer `meraki_api_call`, which runs operations that change the configuration (POST, PUT, DELETE). Off by default: every tool is read-only'
            cand --read-only 'Offer only the read-only tools: what the server does without --allow-writes, accepted so that every command takes the same flag'
            cand --no-cache 'Cache nothing'
            cand --no-proxy 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
            cand --ipv4 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
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
        &'mcp-bridge;serve;help'= {
            cand meraki 'Serve the Cisco Meraki Dashboard tools over stdio, calling the Dashboard API directly'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;serve;help;meraki'= {
        }
        &'mcp-bridge;serve;help;help'= {
        }
        &'mcp-bridge;meraki'= {
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
            cand set-key 'Store the Meraki Dashboard API key in the OS keyring for `serve meraki`'
            cand remove-key 'Delete the stored Meraki Dashboard API key'
            cand key-status 'Say whether a Meraki Dashboard API key is stored, and where (never the key itself)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;meraki;set-key'= {
            cand --store 'Where the key lives: the OS keyring (default), or the 0600 file in the data directory'
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
        &'mcp-bridge;meraki;remove-key'= {
            cand --store 'Where the key lives: the OS keyring (default), or the 0600 file in the data directory'
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
        &'mcp-bridge;meraki;key-status'= {
            cand --store 'Where the key lives: the OS keyring (default), or the 0600 file in the data directory'
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
        &'mcp-bridge;meraki;help'= {
            cand set-key 'Store the Meraki Dashboard API key in the OS keyring for `serve meraki`'
            cand remove-key 'Delete the stored Meraki Dashboard API key'
            cand key-status 'Say whether a Meraki Dashboard API key is stored, and where (never the key itself)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;meraki;help;set-key'= {
        }
        &'mcp-bridge;meraki;help;remove-key'= {
        }
        &'mcp-bridge;meraki;help;key-status'= {
        }
        &'mcp-bridge;meraki;help;help'= {
        }
        &'mcp-bridge;install'= {
            cand --config-file 'Change this file instead of the host''s usual one'
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --print 'Print the entry instead of writing the file'
            cand --force 'Replace an entry of this name that runs something else'
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
        &'mcp-bridge;uninstall'= {
            cand --config-file 'Change this file instead of the host''s usual one'
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --force 'Remove the entry even when it does not run mcp-bridge'
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
        &'mcp-bridge;import'= {
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
            cand mcp-remote 'Import mcp-remote''s sign-ins (~/.mcp-auth/mcp-remote-v1 and older mcp-remote-<version> directories, or under MCP_REMOTE_CONFIG_DIR)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;import;mcp-remote'= {
            cand --dir 'mcp-remote''s base directory (holding mcp-remote-v1), or the directory holding the `<hash>_tokens.json` files itself'
            cand --store 'Where to put the tokens (default: the keyring when reachable, else the 0600 file)'
            cand --ca-file 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access'
            cand --connect-timeout 'Seconds to wait for a TCP/TLS connection'
            cand --log-file 'Write logs to this file (appended, mode 0600) instead of stderr'
            cand --force 'Replace credentials the bridge already has'
            cand --dry-run 'Only say what would be imported'
            cand --no-proxy 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included'
            cand --ipv4 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike'
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
        &'mcp-bridge;import;help'= {
            cand mcp-remote 'Import mcp-remote''s sign-ins (~/.mcp-auth/mcp-remote-v1 and older mcp-remote-<version> directories, or under MCP_REMOTE_CONFIG_DIR)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;import;help;mcp-remote'= {
        }
        &'mcp-bridge;import;help;help'= {
        }
        &'mcp-bridge;config'= {
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
            cand path 'Print the config file''s path (it need not exist yet)'
            cand show 'Check the file and print it, or one server''s settings'
            cand add 'Add a server, or replace the one with this name (comments and other servers are kept)'
            cand remove 'Remove a server'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;config;path'= {
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
        }
        &'mcp-bridge;config;show'= {
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
        }
        &'mcp-bridge;config;add'= {
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
        }
        &'mcp-bridge;config;remove'= {
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
        }
        &'mcp-bridge;config;help'= {
            cand path 'Print the config file''s path (it need not exist yet)'
            cand show 'Check the file and print it, or one server''s settings'
            cand add 'Add a server, or replace the one with this name (comments and other servers are kept)'
            cand remove 'Remove a server'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;config;help;path'= {
        }
        &'mcp-bridge;config;help;show'= {
        }
        &'mcp-bridge;config;help;add'= {
        }
        &'mcp-bridge;config;help;remove'= {
        }
        &'mcp-bridge;config;help;help'= {
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
            cand --dir 'Write every page into this directory instead (created if needed)'
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
            cand login 'Sign in to a remote server in the browser and store the credential'
            cand logout 'Remove a server''s stored credential and revoke it'
            cand token 'Print a valid access token for scripts (refreshing it when needed)'
            cand doctor 'Check every link from this machine to a remote MCP server, and say how to fix what is broken'
            cand status 'Show the stored credentials (exit 1 when one is unusable)'
            cand policy 'Show the machine policy an administrator set, and where it comes from'
            cand serve 'Serve a tool catalog locally over stdio (no remote hop)'
            cand meraki 'Manage the Meraki Dashboard API key used by `serve meraki` (kept in the OS keyring)'
            cand install 'Add this bridge to a desktop host''s MCP config (Claude Desktop, Cursor, Claude Code, Windsurf)'
            cand uninstall 'Remove this bridge''s entry from a desktop host''s MCP config'
            cand import 'Import sign-ins from mcp-remote, so that switching needs no new sign-in'
            cand config 'Manage named servers, so that a host config can say `mcp-bridge proxy NAME`'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Print a man page (roff) to stdout, or write them all with --dir'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcp-bridge;help;proxy'= {
        }
        &'mcp-bridge;help;login'= {
        }
        &'mcp-bridge;help;logout'= {
        }
        &'mcp-bridge;help;token'= {
        }
        &'mcp-bridge;help;doctor'= {
        }
        &'mcp-bridge;help;status'= {
        }
        &'mcp-bridge;help;policy'= {
            cand show 'Print the policy files and their rules'
        }
        &'mcp-bridge;help;policy;show'= {
        }
        &'mcp-bridge;help;serve'= {
            cand meraki 'Serve the Cisco Meraki Dashboard tools over stdio, calling the Dashboard API directly'
        }
        &'mcp-bridge;help;serve;meraki'= {
        }
        &'mcp-bridge;help;meraki'= {
            cand set-key 'Store the Meraki Dashboard API key in the OS keyring for `serve meraki`'
            cand remove-key 'Delete the stored Meraki Dashboard API key'
            cand key-status 'Say whether a Meraki Dashboard API key is stored, and where (never the key itself)'
        }
        &'mcp-bridge;help;meraki;set-key'= {
        }
        &'mcp-bridge;help;meraki;remove-key'= {
        }
        &'mcp-bridge;help;meraki;key-status'= {
        }
        &'mcp-bridge;help;install'= {
        }
        &'mcp-bridge;help;uninstall'= {
        }
        &'mcp-bridge;help;import'= {
            cand mcp-remote 'Import mcp-remote''s sign-ins (~/.mcp-auth/mcp-remote-v1 and older mcp-remote-<version> directories, or under MCP_REMOTE_CONFIG_DIR)'
        }
        &'mcp-bridge;help;import;mcp-remote'= {
        }
        &'mcp-bridge;help;config'= {
            cand path 'Print the config file''s path (it need not exist yet)'
            cand show 'Check the file and print it, or one server''s settings'
            cand add 'Add a server, or replace the one with this name (comments and other servers are kept)'
            cand remove 'Remove a server'
        }
        &'mcp-bridge;help;config;path'= {
        }
        &'mcp-bridge;help;config;show'= {
        }
        &'mcp-bridge;help;config;add'= {
        }
        &'mcp-bridge;help;config;remove'= {
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
