//! A reader for the block-style YAML subset `template.yaml` is written in, for the tests that
//! check the template against the kind descriptors (the workspace has no YAML crate, and one
//! is not worth adding for a test).
//!
//! It reads block mappings and sequences (including `- key: value` items that open a mapping),
//! plain and quoted scalars, folded and literal block scalars (`>-`, `|`), and comments. A
//! tagged value (`!Sub arn:…`, `!GetAtt X.Arn`) and a flow collection (`[a, b]`) are read as
//! the scalar text they are written as. Anything else is a panic naming the line: this is test
//! code, and a template it cannot read should fail loudly.

/// A YAML node.
#[derive(Clone, Debug, PartialEq)]
pub enum Yaml {
    /// A mapping, in document order.
    Map(Vec<(String, Yaml)>),
    /// A sequence.
    Seq(Vec<Yaml>),
    /// A scalar, as text (quotes removed; tags kept).
    Scalar(String),
}

impl Yaml {
    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at a path of mapping keys.
    pub fn at(&self, path: &[&str]) -> Option<&Yaml> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    /// The mapping's entries (none for another node).
    pub fn entries(&self) -> &[(String, Yaml)] {
        match self {
            Yaml::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The scalar's text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Yaml::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// A sequence's items, or a scalar as the one item (IAM's `Action: x` means `[x]`).
    pub fn items(&self) -> Vec<&Yaml> {
        match self {
            Yaml::Seq(items) => items.iter().collect(),
            other => vec![other],
        }
    }

    /// The scalar items of [`items`](Yaml::items).
    pub fn strings(&self) -> Vec<&str> {
        self.items().into_iter().filter_map(Yaml::as_str).collect()
    }
}

/// One significant line: its indentation, its text without the comment, and its number.
#[derive(Clone, Debug)]
struct Line {
    indent: usize,
    text: String,
    number: usize,
}

/// Parses a document.
pub fn parse(text: &str) -> Yaml {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let mut parser = Parser {
        raw: lines,
        lines: Vec::new(),
        at: 0,
    };
    parser.lines = parser.significant();
    let indent = parser.lines.first().map_or(0, |l| l.indent);
    parser.block(indent)
}

struct Parser<'t> {
    raw: Vec<(usize, &'t str)>,
    lines: Vec<Line>,
    at: usize,
}

impl Parser<'_> {
    /// The lines that are neither blank nor comments, with trailing comments removed. Block
    /// scalars are kept raw: a `#` inside one is text.
    fn significant(&self) -> Vec<Line> {
        let mut out = Vec::new();
        let mut block_scalar_indent: Option<usize> = None;
        for &(number, raw) in &self.raw {
            let indent = raw.len() - raw.trim_start().len();
            if let Some(parent) = block_scalar_indent {
                if raw.trim().is_empty() || indent > parent {
                    if !raw.trim().is_empty() {
                        out.push(Line {
                            indent,
                            text: raw.trim().to_string(),
                            number,
                        });
                    }
                    continue;
                }
                block_scalar_indent = None;
            }
            let text = strip_comment(raw).trim_end();
            if text.trim().is_empty() {
                continue;
            }
            let text = text.trim_start().to_string();
            if [">", ">-", "|", "|-"]
                .iter()
                .any(|marker| text.ends_with(&format!(": {marker}")))
            {
                block_scalar_indent = Some(indent);
            }
            out.push(Line {
                indent,
                text,
                number,
            });
        }
        out
    }

    fn peek(&self) -> Option<&Line> {
        self.lines.get(self.at)
    }

    /// The node whose lines start at the current line, indented `indent`.
    fn block(&mut self, indent: usize) -> Yaml {
        match self.peek() {
            Some(line) if line.text == "-" || line.text.starts_with("- ") => self.sequence(indent),
            Some(_) => self.mapping(indent),
            None => Yaml::Scalar(String::new()),
        }
    }

    fn sequence(&mut self, indent: usize) -> Yaml {
        let mut items = Vec::new();
        while let Some(line) = self.peek().cloned() {
            if line.indent != indent || !(line.text == "-" || line.text.starts_with("- ")) {
                assert!(
                    line.indent <= indent,
                    "template.yaml line {}: unexpected indentation",
                    line.number
                );
                break;
            }
            let rest = line.text[1..].trim_start().to_string();
            if rest.is_empty() {
                self.at += 1;
                let next = self.peek().map_or(0, |l| l.indent);
                assert!(
                    next > indent,
                    "template.yaml line {}: empty item",
                    line.number
                );
                items.push(self.block(next));
            } else if split_key(&rest).is_some() {
                // `- key: value` opens a mapping whose keys line up with `key`.
                let inner = indent + (line.text.len() - rest.len());
                self.lines[self.at] = Line {
                    indent: inner,
                    text: rest,
                    number: line.number,
                };
                items.push(self.mapping(inner));
            } else {
                self.at += 1;
                items.push(Yaml::Scalar(unquote(&rest)));
            }
        }
        Yaml::Seq(items)
    }

    fn mapping(&mut self, indent: usize) -> Yaml {
        let mut entries = Vec::new();
        while let Some(line) = self.peek().cloned() {
            if line.indent < indent {
                break;
            }
            assert!(
                line.indent == indent,
                "template.yaml line {}: unexpected indentation",
                line.number
            );
            if line.text.starts_with("- ") || line.text == "-" {
                break;
            }
            let (key, value) = split_key(&line.text).unwrap_or_else(|| {
                panic!("template.yaml line {}: expected `key: value`", line.number)
            });
            self.at += 1;
            let node = match value.as_str() {
                "" => match self.peek() {
                    Some(next) if next.indent > indent => {
                        let next = next.indent;
                        self.block(next)
                    }
                    // A sequence may sit at its key's indentation.
                    Some(next)
                        if next.indent == indent
                            && (next.text == "-" || next.text.starts_with("- ")) =>
                    {
                        self.sequence(indent)
                    }
                    _ => Yaml::Scalar(String::new()),
                },
                ">" | ">-" | "|" | "|-" => {
                    let mut parts = Vec::new();
                    while let Some(next) = self.peek() {
                        if next.indent <= indent {
                            break;
                        }
                        parts.push(next.text.clone());
                        self.at += 1;
                    }
                    let separator = if value.starts_with('>') { " " } else { "\n" };
                    Yaml::Scalar(parts.join(separator))
                }
                _ => Yaml::Scalar(unquote(&value)),
            };
            entries.push((key, node));
        }
        Yaml::Map(entries)
    }
}

/// `key: value` or `key:` (a key may hold colons, as `aws:SourceAccount` does), unless the
/// text is a quoted scalar or a flow collection.
fn split_key(text: &str) -> Option<(String, String)> {
    if text.starts_with(['"', '\'', '[', '{', '!']) {
        return None;
    }
    if let Some(i) = text.find(": ") {
        return Some((text[..i].to_string(), text[i + 2..].trim().to_string()));
    }
    text.strip_suffix(':')
        .map(|key| (key.to_string(), String::new()))
}

/// The text before a comment: a `#` at the start or after a space, outside quotes.
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => return &line[..i],
            None => {}
        }
        previous = c;
    }
    line
}

fn unquote(text: &str) -> String {
    let text = text.trim();
    for q in ['"', '\''] {
        if text.len() >= 2 && text.starts_with(q) && text.ends_with(q) {
            return text[1..text.len() - 1].to_string();
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_block_forms_the_template_uses() {
        let doc = parse(
            "# a comment\n\
             Top:\n  \
               Name: \"quoted\" # trailing\n  \
               Folded: >-\n    one # not a comment\n    two\n  \
               List:\n    - a\n    - !Ref b\n  \
               Flat:\n  - x\n  \
               Statements:\n    - Sid: S1\n      Action:\n        - x:Y\n      Condition:\n        aws:SourceAccount: !Ref AWS::AccountId\n    - Sid: S2\n      Action: z:W\n  \
               Flow: !If [a, b, c]\n",
        );
        let top = doc.get("Top").unwrap();
        assert_eq!(top.at(&["Name"]).unwrap().as_str(), Some("quoted"));
        assert_eq!(
            top.at(&["Folded"]).unwrap().as_str(),
            Some("one # not a comment two")
        );
        assert_eq!(top.at(&["List"]).unwrap().strings(), ["a", "!Ref b"]);
        assert_eq!(top.at(&["Flat"]).unwrap().strings(), ["x"]);
        let statements = top.at(&["Statements"]).unwrap().items();
        assert_eq!(statements.len(), 2);
        assert_eq!(statements[0].at(&["Action"]).unwrap().strings(), ["x:Y"]);
        assert_eq!(
            statements[0]
                .at(&["Condition", "aws:SourceAccount"])
                .unwrap()
                .as_str(),
            Some("!Ref AWS::AccountId")
        );
        assert_eq!(statements[1].at(&["Action"]).unwrap().strings(), ["z:W"]);
        assert_eq!(top.at(&["Flow"]).unwrap().as_str(), Some("!If [a, b, c]"));
    }
}
