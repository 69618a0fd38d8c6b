//! Reading `FILE|-` inputs. Invalid UTF-8 is replaced (and reported), never a reason to stop.

use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Read};

/// The whole input as text, and how many bytes were not valid UTF-8.
pub fn read_text(path: &str) -> Result<(String, bool)> {
    let mut bytes = Vec::new();
    open(path)?
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {}", display(path)))?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    })
}

/// Call `f` with each line (without its `\n` / `\r\n`), invalid UTF-8 replaced.
pub fn for_each_line(path: &str, mut f: impl FnMut(&str) -> Result<()>) -> Result<()> {
    let mut reader = BufReader::with_capacity(1 << 16, open(path)?);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .with_context(|| format!("reading {}", display(path)))?;
        if n == 0 {
            return Ok(());
        }
        let mut line = buf.as_slice();
        line = line.strip_suffix(b"\n").unwrap_or(line);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        f(&String::from_utf8_lossy(line))?;
    }
}

fn open(path: &str) -> Result<Box<dyn Read>> {
    if path == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {path}"))?;
    Ok(Box::new(file))
}

pub fn display(path: &str) -> &str {
    if path == "-" {
        "standard input"
    } else {
        path
    }
}
