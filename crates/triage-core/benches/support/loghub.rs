//! The Loghub 2k `Content` lines, read with a real CSV parser so every miner gets exactly the
//! lines the grouping test scores (quoted fields may hold commas and doubled quotes).

/// Every `*_2k.log_structured.csv` beside the repository, in file-name order, one `Content`
/// field per line (newlines inside a field become spaces, as `scripts/bench_drain3.py` writes them).
pub fn loghub_lines() -> Vec<String> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/loghub-2k"
    );
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("shared/data/loghub-2k beside the repository")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with("_2k.log_structured.csv"))
        .collect();
    paths.sort();
    let mut lines = Vec::new();
    for path in paths {
        let rows = parse_csv(&std::fs::read_to_string(&path).expect("readable CSV"));
        let content = rows[0]
            .iter()
            .position(|h| h == "Content")
            .expect("a Content column");
        lines.extend(rows[1..].iter().map(|r| r[content].replace('\n', " ")));
    }
    lines
}

/// Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines (shared with
/// the grouping test, so both read the same lines).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, _) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}
