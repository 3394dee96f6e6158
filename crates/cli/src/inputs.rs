//! Expands the command line's inputs into events: files, directories (their `*.json` files,
//! recursively, in name order) and `-` (newline-delimited events on standard input).

use std::io::BufRead;
use std::path::{Path, PathBuf};

/// One event's text, or why it could not be read, with a label for reports.
pub struct Input {
    /// The file path or `stdin:N`.
    pub label: String,
    /// The text, or a message saying why it could not be read.
    pub text: Result<String, String>,
}

/// Expands every argument, in order.
pub fn expand(args: &[String], stdin: &mut dyn BufRead) -> Vec<Input> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            read_stream(stdin, &mut out);
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let mut files = Vec::new();
            collect_json(path, &mut files, &mut out);
            files.sort();
            out.extend(files.into_iter().map(read_file));
        } else {
            out.push(read_file(path.to_path_buf()));
        }
    }
    out
}

fn read_file(path: PathBuf) -> Input {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {label}: {e}"));
    Input { label, text }
}

fn collect_json(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Input>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(Input {
                label: dir.display().to_string(),
                text: Err(format!("cannot read directory {}: {e}", dir.display())),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_json(&path, files, errors);
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
}

fn read_stream(stdin: &mut dyn BufRead, out: &mut Vec<Input>) {
    let mut number = 0;
    for line in stdin.lines() {
        number += 1;
        let label = format!("stdin:{number}");
        match line {
            Ok(text) if text.trim().is_empty() => {}
            Ok(text) => out.push(Input {
                label,
                text: Ok(text),
            }),
            Err(e) => {
                out.push(Input {
                    label,
                    text: Err(format!("cannot read standard input: {e}")),
                });
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_expand_to_their_json_files_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.json"), "{}").unwrap();
        std::fs::write(dir.path().join("a.json"), "{}").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        std::fs::write(dir.path().join("sub/c.json"), "{}").unwrap();
        let inputs = expand(&[dir.path().display().to_string()], &mut std::io::empty());
        let names: Vec<String> = inputs
            .iter()
            .map(|i| {
                Path::new(&i.label)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.json", "b.json", "c.json"]);
    }

    #[test]
    fn stdin_lines_are_events_and_blank_lines_are_skipped() {
        let mut stream = "{\"a\":1}\n\n{\"b\":2}\n".as_bytes();
        let inputs = expand(&["-".into()], &mut stream);
        assert_eq!(inputs.len(), 2);
        assert_eq!(inputs[1].label, "stdin:3");
    }

    #[test]
    fn a_missing_file_is_an_input_in_error() {
        let inputs = expand(&["/no/such/file.json".into()], &mut std::io::empty());
        assert!(inputs[0].text.as_ref().unwrap_err().contains("cannot read"));
    }
}
