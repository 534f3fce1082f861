
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'mcp-bridge' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'mcp-bridge'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'mcp-bridge' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('proxy', 'proxy', [CompletionResultType]::ParameterValue, 'Relay MCP between the stdio host and a remote server (the host runs this)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to a remote server in the browser and store the credential')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove a server''s stored credential and revoke it')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token for scripts (refreshing it when needed)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check every link from this machine to a remote MCP server, and say how to fix what is broken')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the stored credentials (exit 1 when one is unusable)')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show the machine policy an administrator set, and where it comes from')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve a tool catalog locally over stdio (no remote hop)')
            [CompletionResult]::new('meraki', 'meraki', [CompletionResultType]::ParameterValue, 'Manage the Meraki Dashboard API key used by `serve meraki` (kept in the OS keyring)')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Add this bridge to a desktop host''s MCP config (Claude Desktop, Cursor, Claude Code, Windsurf)')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove this bridge''s entry from a desktop host''s MCP config')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import sign-ins from mcp-remote, so that switching needs no new sign-in')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Manage named servers, so that a host config can say `mcp-bridge proxy NAME`')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff) to stdout, or write them all with --dir')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;proxy' {
            [CompletionResult]::new('--transport', '--transport', [CompletionResultType]::ParameterName, 'Transport strategy')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'MCP revision to speak to the server (mcp-remote''s --protocol)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra header on every request to the server, as "Name: value". Repeatable')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header on every request to the server, as "Name: value". Repeatable')
            [CompletionResult]::new('--header-file', '--header-file', [CompletionResultType]::ParameterName, 'Read extra headers from a file, one "Name: value" per line (# starts a comment). Keeps secrets out of the process list')
            [CompletionResult]::new('--ignore-tool', '--ignore-tool', [CompletionResultType]::ParameterName, 'Hide tools whose name matches GLOB (`*` wildcard, case-insensitive) from tools/list; calling one gets a JSON-RPC error. Repeatable')
            [CompletionResult]::new('--allow-tool', '--allow-tool', [CompletionResultType]::ParameterName, 'List and allow only tools whose name matches GLOB (`*` wildcard, case-insensitive); --ignore-tool wins over it. Repeatable. A machine policy''s rules apply as well')
            [CompletionResult]::new('--ping-interval', '--ping-interval', [CompletionResultType]::ParameterName, 'Seconds between keep-alive pings; implies --keep-alive')
            [CompletionResult]::new('--headers-timeout', '--headers-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the response headers of each request (0, the default: no limit; a slow tool call may take long to answer)')
            [CompletionResult]::new('--body-timeout', '--body-timeout', [CompletionResultType]::ParameterName, 'Seconds a response body or event stream may stay silent before the bridge gives up on it (an event stream is then reopened). 0, the default: no limit, so idle streams stay open (mcp-remote''s default of 300 closed them)')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Append one JSON line per tools/call to this file (time, server, tool, duration, outcome, signed-in identity); mode 0600, safe to share between several bridges. Arguments and results are never written unless --audit-include-arguments')
            [CompletionResult]::new('--max-message-size', '--max-message-size', [CompletionResultType]::ParameterName, 'Largest JSON-RPC message accepted on stdin or from the server, in bytes')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to request, space-separated. Default: the server''s challenge, else its advertised scopes, else none')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The RFC 8707 resource to request tokens for (default: the server''s canonical URL)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'A pre-registered OAuth client id (skips dynamic registration)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list')
            [CompletionResult]::new('--static-oauth-client-info', '--static-oauth-client-info', [CompletionResultType]::ParameterName, 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible')
            [CompletionResult]::new('--static-oauth-client-metadata', '--static-oauth-client-metadata', [CompletionResultType]::ParameterName, 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge''s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge''s')
            [CompletionResult]::new('--authorize-param', '--authorize-param', [CompletionResultType]::ParameterName, 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0''s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way')
            [CompletionResult]::new('--client-metadata-url', '--client-metadata-url', [CompletionResultType]::ParameterName, 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it')
            [CompletionResult]::new('--callback-port', '--callback-port', [CompletionResultType]::ParameterName, 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]')
            [CompletionResult]::new('--callback-path', '--callback-path', [CompletionResultType]::ParameterName, 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the browser sign-in')
            [CompletionResult]::new('--browser', '--browser', [CompletionResultType]::ParameterName, 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER')
            [CompletionResult]::new('--auth-success-url', '--auth-success-url', [CompletionResultType]::ParameterName, 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge''s own page')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server''s metadata')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only')
            [CompletionResult]::new('--authorization-server', '--authorization-server', [CompletionResultType]::ParameterName, 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise')
            [CompletionResult]::new('--cf-access-team', '--cf-access-team', [CompletionResultType]::ParameterName, 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application''s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare''s guide work instead')
            [CompletionResult]::new('--cf-access-client-id', '--cf-access-client-id', [CompletionResultType]::ParameterName, 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens')
            [CompletionResult]::new('--cf-access-client-secret', '--cf-access-client-secret', [CompletionResultType]::ParameterName, 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable')
            [CompletionResult]::new('--cf-access-client-secret-file', '--cf-access-client-secret-file', [CompletionResultType]::ParameterName, 'Read the service token''s Client Secret from this file (first line)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a TCP/TLS connection')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// URL for a host that is not loopback')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'List and allow only the tools the server marks read-only (`readOnlyHint: true`)')
            [CompletionResult]::new('--keep-alive', '--keep-alive', [CompletionResultType]::ParameterName, 'Send an MCP ping to the server every 30 seconds (see --ping-interval)')
            [CompletionResult]::new('--disable-cookies', '--disable-cookies', [CompletionResultType]::ParameterName, 'Accepted for mcp-remote compatibility (with a warning): the bridge keeps no cookies')
            [CompletionResult]::new('--audit-include-arguments', '--audit-include-arguments', [CompletionResultType]::ParameterName, 'Also write each call''s arguments to the audit log (never its results)')
            [CompletionResult]::new('--enable-proxy', '--enable-proxy', [CompletionResultType]::ParameterName, 'Accepted for mcp-remote compatibility: proxies from the environment are always used')
            [CompletionResult]::new('--disable-resource-parameter', '--disable-resource-parameter', [CompletionResultType]::ParameterName, 'Do not send the `resource` parameter (for authorization servers that reject it)')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)')
            [CompletionResult]::new('--device-code', '--device-code', [CompletionResultType]::ParameterName, 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser')
            [CompletionResult]::new('--client-credentials', '--client-credentials', [CompletionResultType]::ParameterName, 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)')
            [CompletionResult]::new('--use-id-token', '--use-id-token', [CompletionResultType]::ParameterName, 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider''s JWT); it is refreshed by its own `exp`')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included')
            [CompletionResult]::new('--ipv4', '--ipv4', [CompletionResultType]::ParameterName, 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;login' {
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to request, space-separated. Default: the server''s challenge, else its advertised scopes, else none')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The RFC 8707 resource to request tokens for (default: the server''s canonical URL)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'A pre-registered OAuth client id (skips dynamic registration)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list')
            [CompletionResult]::new('--static-oauth-client-info', '--static-oauth-client-info', [CompletionResultType]::ParameterName, 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible')
            [CompletionResult]::new('--static-oauth-client-metadata', '--static-oauth-client-metadata', [CompletionResultType]::ParameterName, 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge''s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge''s')
            [CompletionResult]::new('--authorize-param', '--authorize-param', [CompletionResultType]::ParameterName, 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0''s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way')
            [CompletionResult]::new('--client-metadata-url', '--client-metadata-url', [CompletionResultType]::ParameterName, 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it')
            [CompletionResult]::new('--callback-port', '--callback-port', [CompletionResultType]::ParameterName, 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]')
            [CompletionResult]::new('--callback-path', '--callback-path', [CompletionResultType]::ParameterName, 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the browser sign-in')
            [CompletionResult]::new('--browser', '--browser', [CompletionResultType]::ParameterName, 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER')
            [CompletionResult]::new('--auth-success-url', '--auth-success-url', [CompletionResultType]::ParameterName, 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge''s own page')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server''s metadata')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only')
            [CompletionResult]::new('--authorization-server', '--authorization-server', [CompletionResultType]::ParameterName, 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise')
            [CompletionResult]::new('--cf-access-team', '--cf-access-team', [CompletionResultType]::ParameterName, 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application''s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare''s guide work instead')
            [CompletionResult]::new('--cf-access-client-id', '--cf-access-client-id', [CompletionResultType]::ParameterName, 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens')
            [CompletionResult]::new('--cf-access-client-secret', '--cf-access-client-secret', [CompletionResultType]::ParameterName, 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable')
            [CompletionResult]::new('--cf-access-client-secret-file', '--cf-access-client-secret-file', [CompletionResultType]::ParameterName, 'Read the service token''s Client Secret from this file (first line)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a TCP/TLS connection')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Sign in again even when a usable credential is stored')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// URL for a host that is not loopback')
            [CompletionResult]::new('--disable-resource-parameter', '--disable-resource-parameter', [CompletionResultType]::ParameterName, 'Do not send the `resource` parameter (for authorization servers that reject it)')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)')
            [CompletionResult]::new('--device-code', '--device-code', [CompletionResultType]::ParameterName, 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser')
            [CompletionResult]::new('--client-credentials', '--client-credentials', [CompletionResultType]::ParameterName, 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)')
            [CompletionResult]::new('--use-id-token', '--use-id-token', [CompletionResultType]::ParameterName, 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider''s JWT); it is refreshed by its own `exp`')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included')
            [CompletionResult]::new('--ipv4', '--ipv4', [CompletionResultType]::ParameterName, 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;logout' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Credential store to clear (default: the keyring when reachable, else the file)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a TCP/TLS connection')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Sign out of every stored server')
            [CompletionResult]::new('--no-revoke', '--no-revoke', [CompletionResultType]::ParameterName, 'Only delete locally; do not ask the authorization server to revoke the tokens')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included')
            [CompletionResult]::new('--ipv4', '--ipv4', [CompletionResultType]::ParameterName, 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;token' {
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to request, space-separated. Default: the server''s challenge, else its advertised scopes, else none')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The RFC 8707 resource to request tokens for (default: the server''s canonical URL)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'A pre-registered OAuth client id (skips dynamic registration)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list')
            [CompletionResult]::new('--static-oauth-client-info', '--static-oauth-client-info', [CompletionResultType]::ParameterName, 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible')
            [CompletionResult]::new('--static-oauth-client-metadata', '--static-oauth-client-metadata', [CompletionResultType]::ParameterName, 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge''s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge''s')
            [CompletionResult]::new('--authorize-param', '--authorize-param', [CompletionResultType]::ParameterName, 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0''s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way')
            [CompletionResult]::new('--client-metadata-url', '--client-metadata-url', [CompletionResultType]::ParameterName, 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it')
            [CompletionResult]::new('--callback-port', '--callback-port', [CompletionResultType]::ParameterName, 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]')
            [CompletionResult]::new('--callback-path', '--callback-path', [CompletionResultType]::ParameterName, 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the browser sign-in')
            [CompletionResult]::new('--browser', '--browser', [CompletionResultType]::ParameterName, 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER')
            [CompletionResult]::new('--auth-success-url', '--auth-success-url', [CompletionResultType]::ParameterName, 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge''s own page')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server''s metadata')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only')
            [CompletionResult]::new('--authorization-server', '--authorization-server', [CompletionResultType]::ParameterName, 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise')
            [CompletionResult]::new('--cf-access-team', '--cf-access-team', [CompletionResultType]::ParameterName, 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application''s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare''s guide work instead')
            [CompletionResult]::new('--cf-access-client-id', '--cf-access-client-id', [CompletionResultType]::ParameterName, 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens')
            [CompletionResult]::new('--cf-access-client-secret', '--cf-access-client-secret', [CompletionResultType]::ParameterName, 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable')
            [CompletionResult]::new('--cf-access-client-secret-file', '--cf-access-client-secret-file', [CompletionResultType]::ParameterName, 'Read the service token''s Client Secret from this file (first line)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a TCP/TLS connection')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"access_token", "token_type", "expires_at", "scope"} as JSON')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Refresh even if the token is still valid')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'Sign in through the browser when there is no usable credential')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// URL for a host that is not loopback')
            [CompletionResult]::new('--disable-resource-parameter', '--disable-resource-parameter', [CompletionResultType]::ParameterName, 'Do not send the `resource` parameter (for authorization servers that reject it)')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)')
            [CompletionResult]::new('--device-code', '--device-code', [CompletionResultType]::ParameterName, 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser')
            [CompletionResult]::new('--client-credentials', '--client-credentials', [CompletionResultType]::ParameterName, 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)')
            [CompletionResult]::new('--use-id-token', '--use-id-token', [CompletionResultType]::ParameterName, 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider''s JWT); it is refreshed by its own `exp`')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included')
            [CompletionResult]::new('--ipv4', '--ipv4', [CompletionResultType]::ParameterName, 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;doctor' {
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra header, as for `proxy` (${VAR} expanded). Repeatable')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header, as for `proxy` (${VAR} expanded). Repeatable')
            [CompletionResult]::new('--header-file', '--header-file', [CompletionResultType]::ParameterName, 'Read extra headers from a file, as for `proxy`')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes to request, space-separated. Default: the server''s challenge, else its advertised scopes, else none')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The RFC 8707 resource to request tokens for (default: the server''s canonical URL)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'A pre-registered OAuth client id (skips dynamic registration)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The secret of the pre-registered client. Prefer the environment variable: arguments are visible to other users in the process list')
            [CompletionResult]::new('--static-oauth-client-info', '--static-oauth-client-info', [CompletionResultType]::ParameterName, 'A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`; ${VAR} is expanded. mcp-remote compatible')
            [CompletionResult]::new('--static-oauth-client-metadata', '--static-oauth-client-metadata', [CompletionResultType]::ParameterName, 'Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged over the bridge''s own (mcp-remote compatible): e.g. `{"client_name": "…"}` or `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope requested, whatever else asks for one. `redirect_uris` stays the bridge''s')
            [CompletionResult]::new('--authorize-param', '--authorize-param', [CompletionResultType]::ParameterName, 'An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`, `access_type=offline`, Auth0''s `audience=…`). Repeatable. The parameters the sign-in sets itself cannot be changed this way')
            [CompletionResult]::new('--client-metadata-url', '--client-metadata-url', [CompletionResultType]::ParameterName, 'Use this Client ID Metadata Document URL as the client id when the authorization server supports it')
            [CompletionResult]::new('--callback-port', '--callback-port', [CompletionResultType]::ParameterName, 'OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a port derived from the server URL, with fallbacks when it is busy; 8976 with --cf-access-team')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Host name in the redirect URI [default: 127.0.0.1, the address the listener binds; localhost for a client registered by hand (--client-id)]')
            [CompletionResult]::new('--callback-path', '--callback-path', [CompletionResultType]::ParameterName, 'Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team]')
            [CompletionResult]::new('--auth-timeout', '--auth-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the browser sign-in')
            [CompletionResult]::new('--browser', '--browser', [CompletionResultType]::ParameterName, 'Program that opens the sign-in page, run with the URL as its only argument (no shell). Also MCP_BRIDGE_BROWSER or BROWSER')
            [CompletionResult]::new('--auth-success-url', '--auth-success-url', [CompletionResultType]::ParameterName, 'Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in the browser shows the bridge''s own page')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint is always discovered from the authorization server''s metadata')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or memory only')
            [CompletionResult]::new('--authorization-server', '--authorization-server', [CompletionResultType]::ParameterName, 'Sign in with this authorization server (its issuer URL) instead of the one the MCP server names; for servers that check tokens of an identity provider they do not advertise')
            [CompletionResult]::new('--cf-access-team', '--cf-access-team', [CompletionResultType]::ParameterName, 'Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team (`myteam` or `myteam.cloudflareaccess.com`); give the application''s --client-id. The redirect URI to list in the application is http://127.0.0.1:8976/callback (change it with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID, ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL variables of Cloudflare''s guide work instead')
            [CompletionResult]::new('--cf-access-client-id', '--cf-access-client-id', [CompletionResultType]::ParameterName, 'Client ID of a Cloudflare Access service token (`….access`): every request carries CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens')
            [CompletionResult]::new('--cf-access-client-secret', '--cf-access-client-secret', [CompletionResultType]::ParameterName, 'Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID` stores it): arguments are visible to other users in the process list. On the command line this and --cf-access-client-secret-file win over the variable')
            [CompletionResult]::new('--cf-access-client-secret-file', '--cf-access-client-secret-file', [CompletionResultType]::ParameterName, 'Read the service token''s Client Secret from this file (first line)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a TCP/TLS connection')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON on stdout (for bug reports)')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow a plain http:// URL for a host that is not loopback')
            [CompletionResult]::new('--disable-resource-parameter', '--disable-resource-parameter', [CompletionResultType]::ParameterName, 'Do not send the `resource` parameter (for authorization servers that reject it)')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the sign-in URL to stderr. With `login`, the address the browser ended on can then be pasted on stdin (for a browser on another machine)')
            [CompletionResult]::new('--device-code', '--device-code', [CompletionResultType]::ParameterName, 'Sign in with the device authorization grant (RFC 8628): a code to enter on another device, for machines without a browser')
            [CompletionResult]::new('--client-credentials', '--client-credentials', [CompletionResultType]::ParameterName, 'Use the client credentials grant (machine clients; needs a pre-registered client with a secret)')
            [CompletionResult]::new('--use-id-token', '--use-id-token', [CompletionResultType]::ParameterName, 'Send the OpenID Connect ID token as the bearer instead of the access token (servers that expect the identity provider''s JWT); it is refreshed by its own `exp`')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included')
            [CompletionResult]::new('--ipv4', '--ipv4', [CompletionResultType]::ParameterName, 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;status' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Credential store to read (default: the keyring when reachable, else the file)')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;policy' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the policy files and their rules')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;policy;show' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;policy;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the policy files and their rules')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;policy;help;show' {
            break
        }
        'mcp-bridge;policy;help;help' {
            break
        }
        'mcp-bridge;serve' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('meraki', 'meraki', [CompletionResultType]::ParameterValue, 'Serve the Cisco Meraki Dashboard tools over stdio, calling the Dashboard API directly')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;serve;meraki' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The Dashboard region to call [env: MERAKI_REGION] [default: global]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Call this API root instead of a region''s (a gateway, a test server) [env: MERAKI_BASE_URL]')
            [CompletionResult]::new('--trust-origin', '--trust-origin', [CompletionResultType]::ParameterName, 'Also send the key to this origin when the API redirects or pages there, as to a Meraki host (test setups with a second local server as an organization''s shard)')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Read the API key from this file (instead of MERAKI_DASHBOARD_API_KEY or the keyring)')
            [CompletionResult]::new('--allow-tool', '--allow-tool', [CompletionResultType]::ParameterName, 'Offer only tools whose name matches GLOB (`*` wildcard, case-insensitive); repeatable')
            [CompletionResult]::new('--ignore-tool', '--ignore-tool', [CompletionResultType]::ParameterName, 'Hide tools whose name matches GLOB; calling one gets a JSON-RPC error. Repeatable')
            [CompletionResult]::new('--max-pages', '--max-pages', [CompletionResultType]::ParameterName, 'The most pages followed for one list (`Link: rel=next`)')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Requests per second per organization (the Dashboard allows 10)')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries after a 429 answer before giving up')
            [CompletionResult]::new('--max-server-retries', '--max-server-retries', [CompletionResultType]::ParameterName, 'Retries after a 5xx answer or a failed connection (reads only)')
            [CompletionResult]::new('--retry-base-delay-ms', '--retry-base-delay-ms', [CompletionResultType]::ParameterName, 'The first retry wait in milliseconds, doubled each time (a 429''s Retry-After wins)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for one API answer')
            [CompletionResult]::new('--cache-ttl-organizations', '--cache-ttl-organizations', [CompletionResultType]::ParameterName, 'Seconds to keep the list of organizations and organization details')
            [CompletionResult]::new('--cache-ttl-networks', '--cache-ttl-networks', [CompletionResultType]::ParameterName, 'Seconds to keep network lists and network details')
            [CompletionResult]::new('--cache-ttl-clients', '--cache-ttl-clients', [CompletionResultType]::ParameterName, 'Seconds to keep client lists')
            [CompletionResult]::new('--max-result-bytes', '--max-result-bytes', [CompletionResultType]::ParameterName, 'Tool results above this many bytes are cut (long lists shortened) with a note saying so')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a TCP/TLS connection')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Answer every tool from example data built into the binary; needs no key and no network')
            [CompletionResult]::new('--allow-writes', '--allow-writes', [CompletionResultType]::ParameterName, 'Also offer `meraki_api_call`, which runs operations that change the configuration (POST, PUT, DELETE). Off by default: every tool is read-only')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Offer only the read-only tools: what the server does without --allow-writes, accepted so that every command takes the same flag')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Cache nothing')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included')
            [CompletionResult]::new('--ipv4', '--ipv4', [CompletionResultType]::ParameterName, 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;serve;help' {
            [CompletionResult]::new('meraki', 'meraki', [CompletionResultType]::ParameterValue, 'Serve the Cisco Meraki Dashboard tools over stdio, calling the Dashboard API directly')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;serve;help;meraki' {
            break
        }
        'mcp-bridge;serve;help;help' {
            break
        }
        'mcp-bridge;meraki' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('set-key', 'set-key', [CompletionResultType]::ParameterValue, 'Store the Meraki Dashboard API key in the OS keyring for `serve meraki`')
            [CompletionResult]::new('remove-key', 'remove-key', [CompletionResultType]::ParameterValue, 'Delete the stored Meraki Dashboard API key')
            [CompletionResult]::new('key-status', 'key-status', [CompletionResultType]::ParameterValue, 'Say whether a Meraki Dashboard API key is stored, and where (never the key itself)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;meraki;set-key' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the key lives: the OS keyring (default), or the 0600 file in the data directory')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;meraki;remove-key' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the key lives: the OS keyring (default), or the 0600 file in the data directory')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;meraki;key-status' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the key lives: the OS keyring (default), or the 0600 file in the data directory')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;meraki;help' {
            [CompletionResult]::new('set-key', 'set-key', [CompletionResultType]::ParameterValue, 'Store the Meraki Dashboard API key in the OS keyring for `serve meraki`')
            [CompletionResult]::new('remove-key', 'remove-key', [CompletionResultType]::ParameterValue, 'Delete the stored Meraki Dashboard API key')
            [CompletionResult]::new('key-status', 'key-status', [CompletionResultType]::ParameterValue, 'Say whether a Meraki Dashboard API key is stored, and where (never the key itself)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;meraki;help;set-key' {
            break
        }
        'mcp-bridge;meraki;help;remove-key' {
            break
        }
        'mcp-bridge;meraki;help;key-status' {
            break
        }
        'mcp-bridge;meraki;help;help' {
            break
        }
        'mcp-bridge;install' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'Change this file instead of the host''s usual one')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the entry instead of writing the file')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an entry of this name that runs something else')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;uninstall' {
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'Change this file instead of the host''s usual one')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Remove the entry even when it does not run mcp-bridge')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;import' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('mcp-remote', 'mcp-remote', [CompletionResultType]::ParameterValue, 'Import mcp-remote''s sign-ins (~/.mcp-auth/mcp-remote-v1 and older mcp-remote-<version> directories, or under MCP_REMOTE_CONFIG_DIR)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;import;mcp-remote' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'mcp-remote''s base directory (holding mcp-remote-v1), or the directory holding the `<hash>_tokens.json` files itself')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where to put the tokens (default: the keyring when reachable, else the 0600 file)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra PEM certificate(s) to trust besides the operating system''s store (a corporate or VPN certificate authority), for every connection: the MCP server, the authorization server, Cloudflare Access')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a TCP/TLS connection')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace credentials the bridge already has')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only say what would be imported')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every connection, sign-in included')
            [CompletionResult]::new('--ipv4', '--ipv4', [CompletionResultType]::ParameterName, 'Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server and the authorization server alike')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;import;help' {
            [CompletionResult]::new('mcp-remote', 'mcp-remote', [CompletionResultType]::ParameterValue, 'Import mcp-remote''s sign-ins (~/.mcp-auth/mcp-remote-v1 and older mcp-remote-<version> directories, or under MCP_REMOTE_CONFIG_DIR)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;import;help;mcp-remote' {
            break
        }
        'mcp-bridge;import;help;help' {
            break
        }
        'mcp-bridge;config' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path (it need not exist yet)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Check the file and print it, or one server''s settings')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a server, or replace the one with this name (comments and other servers are kept)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a server')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;config;path' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;config;show' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;config;add' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;config;remove' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;config;help' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path (it need not exist yet)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Check the file and print it, or one server''s settings')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a server, or replace the one with this name (comments and other servers are kept)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a server')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;config;help;path' {
            break
        }
        'mcp-bridge;config;help;show' {
            break
        }
        'mcp-bridge;config;help;add' {
            break
        }
        'mcp-bridge;config;help;remove' {
            break
        }
        'mcp-bridge;config;help;help' {
            break
        }
        'mcp-bridge;completions' {
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write every page into this directory instead (created if needed)')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Write logs to this file (appended, mode 0600) instead of stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Debug logging, as mcp-remote''s `--debug` (same as -vv)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'mcp-bridge;help' {
            [CompletionResult]::new('proxy', 'proxy', [CompletionResultType]::ParameterValue, 'Relay MCP between the stdio host and a remote server (the host runs this)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to a remote server in the browser and store the credential')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove a server''s stored credential and revoke it')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token for scripts (refreshing it when needed)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check every link from this machine to a remote MCP server, and say how to fix what is broken')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the stored credentials (exit 1 when one is unusable)')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show the machine policy an administrator set, and where it comes from')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve a tool catalog locally over stdio (no remote hop)')
            [CompletionResult]::new('meraki', 'meraki', [CompletionResultType]::ParameterValue, 'Manage the Meraki Dashboard API key used by `serve meraki` (kept in the OS keyring)')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Add this bridge to a desktop host''s MCP config (Claude Desktop, Cursor, Claude Code, Windsurf)')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove this bridge''s entry from a desktop host''s MCP config')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import sign-ins from mcp-remote, so that switching needs no new sign-in')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Manage named servers, so that a host config can say `mcp-bridge proxy NAME`')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff) to stdout, or write them all with --dir')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcp-bridge;help;proxy' {
            break
        }
        'mcp-bridge;help;login' {
            break
        }
        'mcp-bridge;help;logout' {
            break
        }
        'mcp-bridge;help;token' {
            break
        }
        'mcp-bridge;help;doctor' {
            break
        }
        'mcp-bridge;help;status' {
            break
        }
        'mcp-bridge;help;policy' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the policy files and their rules')
            break
        }
        'mcp-bridge;help;policy;show' {
            break
        }
        'mcp-bridge;help;serve' {
            [CompletionResult]::new('meraki', 'meraki', [CompletionResultType]::ParameterValue, 'Serve the Cisco Meraki Dashboard tools over stdio, calling the Dashboard API directly')
            break
        }
        'mcp-bridge;help;serve;meraki' {
            break
        }
        'mcp-bridge;help;meraki' {
            [CompletionResult]::new('set-key', 'set-key', [CompletionResultType]::ParameterValue, 'Store the Meraki Dashboard API key in the OS keyring for `serve meraki`')
            [CompletionResult]::new('remove-key', 'remove-key', [CompletionResultType]::ParameterValue, 'Delete the stored Meraki Dashboard API key')
            [CompletionResult]::new('key-status', 'key-status', [CompletionResultType]::ParameterValue, 'Say whether a Meraki Dashboard API key is stored, and where (never the key itself)')
            break
        }
        'mcp-bridge;help;meraki;set-key' {
            break
        }
        'mcp-bridge;help;meraki;remove-key' {
            break
        }
        'mcp-bridge;help;meraki;key-status' {
            break
        }
        'mcp-bridge;help;install' {
            break
        }
        'mcp-bridge;help;uninstall' {
            break
        }
        'mcp-bridge;help;import' {
            [CompletionResult]::new('mcp-remote', 'mcp-remote', [CompletionResultType]::ParameterValue, 'Import mcp-remote''s sign-ins (~/.mcp-auth/mcp-remote-v1 and older mcp-remote-<version> directories, or under MCP_REMOTE_CONFIG_DIR)')
            break
        }
        'mcp-bridge;help;import;mcp-remote' {
            break
        }
        'mcp-bridge;help;config' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path (it need not exist yet)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Check the file and print it, or one server''s settings')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a server, or replace the one with this name (comments and other servers are kept)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a server')
            break
        }
        'mcp-bridge;help;config;path' {
            break
        }
        'mcp-bridge;help;config;show' {
            break
        }
        'mcp-bridge;help;config;add' {
            break
        }
        'mcp-bridge;help;config;remove' {
            break
        }
        'mcp-bridge;help;completions' {
            break
        }
        'mcp-bridge;help;man' {
            break
        }
        'mcp-bridge;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
