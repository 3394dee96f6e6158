//! Wildcard patterns as IAM writes them: `*` (any run of characters, including none) and `?`
//! (any one character). Actions compare case-insensitively (`s3:getobject` is `s3:GetObject`);
//! resources (ARNs) compare case-sensitively.
//!
//! Two questions are answered:
//! - [`covers`]: does a statement's pattern grant *everything* the query names? The query is
//!   read literally, so `s3:*` covers `s3:*` and `*` covers `s3:*`, but `s3:Get*` does not
//!   cover `s3:*`.
//! - [`overlaps`]: is there *some* name both patterns match? `rds:DeleteDBInstance` overlaps
//!   `rds:Delete*`, and `*` overlaps everything.

/// How letters compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Actions, condition keys, service names: `S3:GetObject` equals `s3:getobject`.
    Insensitive,
    /// Resources (ARNs) and principals.
    Sensitive,
}

fn same(a: u8, b: u8, case: Case) -> bool {
    match case {
        Case::Insensitive => a.eq_ignore_ascii_case(&b),
        Case::Sensitive => a == b,
    }
}

/// Whether `pattern` (with `*` and `?`) matches `text` read literally.
pub fn covers(pattern: &str, text: &str, case: Case) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    // Iterative glob with one backtrack point: linear in practice, no recursion.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && (p[pi] == b'?' || same(p[pi], t[ti], case)) {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// Whether some text is matched by both patterns (both may hold `*` and `?`).
pub fn overlaps(a: &str, b: &str, case: Case) -> bool {
    let wild = |s: &str| s.bytes().any(|c| c == b'*' || c == b'?');
    match (wild(a), wild(b)) {
        // A literal name overlaps a pattern exactly when the pattern matches it.
        (false, _) => return covers(b, a, case),
        (_, false) => return covers(a, b, case),
        _ if a == "*" || b == "*" => return true,
        _ => {}
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (n, m) = (a.len(), b.len());
    // ok[i][j]: a[i..] and b[j..] share a match. Filled from the ends.
    let width = m + 1;
    let mut ok = vec![false; (n + 1) * width];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            let value = if i == n && j == m {
                true
            } else if i < n && a[i] == b'*' {
                ok[(i + 1) * width + j] || (j < m && ok[i * width + j + 1])
            } else if j < m && b[j] == b'*' {
                ok[i * width + j + 1] || (i < n && ok[(i + 1) * width + j])
            } else if i == n || j == m {
                false
            } else {
                (a[i] == b'?' || b[j] == b'?' || same(a[i], b[j], case))
                    && ok[(i + 1) * width + j + 1]
            };
            ok[i * width + j] = value;
        }
    }
    ok[0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use Case::*;

    #[test]
    fn stars_and_question_marks_match() {
        assert!(covers("*", "", Sensitive));
        assert!(covers("*", "s3:GetObject", Insensitive));
        assert!(covers("s3:Get*", "s3:GetObject", Insensitive));
        assert!(covers("s3:Get?bject", "s3:GetObject", Insensitive));
        assert!(covers("arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y", Sensitive));
        assert!(!covers("s3:Get*", "s3:PutObject", Insensitive));
        assert!(!covers("s3:Get?", "s3:Get", Insensitive));
        assert!(covers("*Object*", "s3:GetObjectAcl", Insensitive));
        assert!(!covers("a*b*c", "abab", Sensitive));
    }

    #[test]
    fn actions_ignore_case_and_resources_do_not() {
        assert!(covers("S3:GETOBJECT", "s3:getobject", Insensitive));
        assert!(covers("iam:passrole", "iam:PassRole", Insensitive));
        assert!(!covers(
            "arn:aws:s3:::Bucket",
            "arn:aws:s3:::bucket",
            Sensitive
        ));
    }

    #[test]
    fn a_query_with_wildcards_is_covered_only_by_a_broader_pattern() {
        assert!(covers("*", "s3:*", Insensitive));
        assert!(covers("s3:*", "s3:*", Insensitive));
        assert!(!covers("s3:Get*", "s3:*", Insensitive));
        assert!(!covers("arn:aws:iam::1:role/x", "*", Sensitive));
    }

    #[test]
    fn overlap_finds_a_common_name() {
        assert!(overlaps("rds:Delete*", "rds:DeleteDBInstance", Insensitive));
        assert!(overlaps("rds:*", "rds:Delete*", Insensitive));
        assert!(overlaps("*", "anything", Sensitive));
        assert!(overlaps("rds:Del*", "*Instance", Insensitive));
        assert!(overlaps("a?c", "*c", Sensitive));
        assert!(!overlaps("rds:Describe*", "rds:Delete*", Insensitive));
        assert!(!overlaps("s3:Get*", "dynamodb:*", Insensitive));
        assert!(!overlaps("abc", "abd", Sensitive));
        assert!(overlaps("", "*", Sensitive));
        assert!(!overlaps("", "?", Sensitive));
        // Literal on either side takes the matching shortcut, with the same answers.
        assert!(overlaps("rds:DeleteDBInstance", "rds:delete*", Insensitive));
        assert!(!overlaps(
            "rds:DeleteDBInstance",
            "rds:Describe*",
            Insensitive
        ));
        assert!(overlaps("abc", "abc", Sensitive) && !overlaps("abc", "abd", Sensitive));
    }
}
