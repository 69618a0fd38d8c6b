use crate::input::for_each_line;
use anyhow::Result;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use triage_core::redact::redact;

pub fn run(file: &str) -> Result<ExitCode> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    for_each_line(file, |line| {
        out.write_all(redact(line).as_bytes())?;
        out.write_all(b"\n")?;
        Ok(())
    })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
