//! `Link` header pagination (RFC 8288 as the Dashboard writes it: `<url>; rel=next`, `rel`
//! unquoted, up to four links separated by commas).

/// The `rel=next` target of a `Link` header value.
pub fn next_link(header: &str) -> Option<String> {
    link_with_rel(header, "next")
}

fn link_with_rel(header: &str, rel: &str) -> Option<String> {
    // URLs may contain commas in query strings, so split on '<' boundaries instead.
    header.split('<').skip(1).find_map(|part| {
        let (url, params) = part.split_once('>')?;
        let wanted = params.split(';').any(|p| {
            let p = p.trim().trim_end_matches(',').trim();
            p.strip_prefix("rel=")
                .map(|v| {
                    v.trim_matches('"')
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case(rel))
                })
                .unwrap_or(false)
        });
        wanted.then(|| url.trim().to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_next_among_several_links() {
        let h = "<https://n1.meraki.com/api/v1/networks/N_1/clients?perPage=3&startingAfter=a>; rel=first, \
                 <https://n1.meraki.com/api/v1/networks/N_1/clients?perPage=3&startingAfter=k1>; rel=next, \
                 <https://n1.meraki.com/api/v1/networks/N_1/clients?perPage=3&endingBefore=z>; rel=last";
        assert_eq!(
            next_link(h).unwrap(),
            "https://n1.meraki.com/api/v1/networks/N_1/clients?perPage=3&startingAfter=k1"
        );
    }

    #[test]
    fn quoted_rel_and_absence() {
        assert_eq!(
            next_link("<http://x/a?b=1,2>; rel=\"next\"").unwrap(),
            "http://x/a?b=1,2"
        );
        assert_eq!(next_link("<http://x/a>; rel=prev"), None);
        assert_eq!(next_link(""), None);
    }
}
