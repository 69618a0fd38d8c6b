use crate::input::for_each_line;
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use triage_core::patterns::{ClusterId, PatternMiner};

#[derive(Serialize)]
struct Line<'a> {
    pattern_id: String,
    template: &'a str,
}

pub fn run(file: &str, summary: bool) -> Result<ExitCode> {
    let mut miner = PatternMiner::new();
    let mut assignments: Vec<ClusterId> = Vec::new();
    for_each_line(file, |line| {
        assignments.push(miner.add(line));
        Ok(())
    })?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if summary {
        for pattern in miner.summary() {
            serde_json::to_writer(&mut out, &pattern)?;
            out.write_all(b"\n")?;
        }
    } else {
        // Templates settle only once every line is seen, so ids are printed after mining; each
        // cluster's line is serialised once and reused.
        let mut rendered: HashMap<ClusterId, String> = HashMap::new();
        for id in assignments {
            let line = rendered.entry(id).or_insert_with(|| {
                let p = miner.pattern(id);
                serde_json::to_string(&Line {
                    pattern_id: p.pattern_id.to_string(),
                    template: p.template,
                })
                .expect("strings serialise")
            });
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
