use super::*;

fn template_of(miner: &PatternMiner, id: ClusterId) -> String {
    miner.pattern(id).template.to_string()
}

#[test]
fn masks_numbers_ids_addresses_and_hosts() {
    let mut m = PatternMiner::new();
    let cases = [
        (
            "Received block blk_-6952295868487656571 of size 67108864",
            "Received block <*> of size <*>",
        ),
        (
            "connect from 10.11.10.1:45307 took 0.25 ms",
            "connect from <*> took <*> <*>",
        ),
        (
            "instance 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4 spawned",
            "instance <*> spawned",
        ),
        (
            "api.github.com open through proxy",
            "<*> open through proxy",
        ),
        ("sent 1190 bytes (1.16 KB) ok", "sent <*> bytes <*> <*> ok"),
        ("totals=1,2,3 at 10:42:07", "totals=<*> at <*>"),
    ];
    for (line, want) in cases {
        let id = m.add(line);
        assert_eq!(template_of(&m, id), want, "for {line:?}");
    }
}

#[test]
fn same_template_gives_same_cluster_and_id_across_runs() {
    let lines = [
        "Took 19.05 seconds to spawn",
        "Took 1.03 seconds to spawn",
        "VM Paused",
    ];
    let run = |lines: &[&str]| {
        let mut m = PatternMiner::new();
        let ids: Vec<_> = lines.iter().map(|l| m.add(l)).collect();
        let pids: Vec<_> = ids.iter().map(|&id| m.pattern(id).pattern_id).collect();
        (ids, pids)
    };
    let (ids, pids) = run(&lines);
    assert_eq!(ids[0], ids[1]);
    assert_ne!(ids[0], ids[2]);
    assert_eq!(pids, run(&lines).1);
    assert_eq!(
        pids[0].to_string(),
        format!("{:016x}", fnv1a(b"Took <*> seconds to spawn"))
    );
    assert_eq!(pids[0].to_string().len(), 16);
}

#[test]
fn optional_numeric_parts_share_a_cluster() {
    let mut m = PatternMiner::new();
    let a = m.add("h:80 close, 403 bytes sent, 426 bytes received, lifetime <1 sec");
    let b = m.add("h:80 close, 1190 bytes (1.16 KB) sent, 1727 bytes received, lifetime 00:01");
    assert_eq!(m.pattern(a).pattern_id, m.pattern(b).pattern_id);
}

#[test]
fn template_variable_absorbs_words_without_digits() {
    let mut m = PatternMiner::new();
    let first = m.add("proxy.example.com:5070 open through proxy proxy.example.com:5070 HTTPS");
    let wpad = m.add("wpad:80 open through proxy proxy.example.com:5070 HTTPS");
    assert_eq!(wpad, first);
    assert_eq!(
        m.pattern(first).template,
        "<*> open through proxy <*> HTTPS"
    );
    // A line variable where the template has a constant is a mismatch, not a free match.
    let socks = m.add("1.2.3.4:22 open through proxy socks.example.com:1080 SOCKS5");
    assert_ne!(socks, first);
}

#[test]
fn generalises_when_a_line_has_a_variable_in_a_constant_position() {
    let mut m = PatternMiner::new();
    let id = m.add("request GET /latest/meta-data/ status ok in about no time at all");
    let other = m.add("request GET /v2/9f3c/servers status ok in about no time at all");
    assert_eq!(id, other);
    assert_eq!(
        m.pattern(id).template,
        "request GET <*> status ok in about no time at all"
    );
    // Later lines with a new word there join directly: the position is a known variable.
    assert_eq!(
        m.add("request GET /health status ok in about no time at all"),
        id
    );
}

#[test]
fn merges_a_word_position_only_after_enough_distinct_values() {
    let mut m = PatternMiner::new();
    let verbs = ["Started", "Paused", "Resumed", "Stopped"];
    let vm: Vec<_> = verbs
        .iter()
        .map(|v| m.add(&format!("VM {v} (Lifecycle Event)")))
        .collect();
    let templates: std::collections::HashSet<_> =
        vm.iter().map(|&id| m.pattern(id).pattern_id).collect();
    assert_eq!(
        templates.len(),
        verbs.len(),
        "a few alternatives stay separate events"
    );

    let users = ["alice", "bob", "carol", "dave", "erin", "frank"];
    let ids: Vec<_> = users
        .iter()
        .map(|u| m.add(&format!("Invalid user {u} from 10.0.0.1")))
        .collect();
    let first = m.pattern(ids[0]);
    assert_eq!(first.template, "Invalid user <*> from <*>");
    assert!(ids
        .iter()
        .all(|&id| m.pattern(id).pattern_id == first.pattern_id));
    let summary = m.summary();
    let row = summary
        .iter()
        .find(|s| s.template == "Invalid user <*> from <*>")
        .unwrap();
    assert_eq!(row.count, users.len() as u64);
}

#[test]
fn summary_counts_and_orders_by_frequency() {
    let mut m = PatternMiner::new();
    for i in 0..3 {
        m.add(&format!("job {i} done"));
    }
    m.add("shutting down");
    let summary = m.summary();
    assert_eq!(summary.len(), 2);
    assert_eq!(
        (summary[0].template.as_str(), summary[0].count),
        ("job <*> done", 3)
    );
    assert_eq!(
        (summary[1].template.as_str(), summary[1].count),
        ("shutting down", 1)
    );
    let again = m.add("job 9 done");
    assert_eq!(
        summary[0].pattern_id,
        m.pattern(again).pattern_id.to_string()
    );
}

#[test]
fn odd_inputs_do_not_panic() {
    let mut m = PatternMiner::new();
    let huge_word = "x".repeat(100_000);
    let many_tokens = "a ".repeat(10_000);
    let inputs = [
        "",
        " ",
        "\t\r\n",
        "\u{0}\u{1}\u{7f}",
        "((((((((((",
        ")]}",
        "é ü 日本語 🎉 =:,",
        "\u{fffd}\u{fffd} 12",
        huge_word.as_str(),
        many_tokens.as_str(),
    ];
    for input in inputs {
        let id = m.add(input);
        let p = m.pattern(id);
        assert!(p.template.len() <= input.len() + 3);
    }
    let empty = m.add("");
    assert_eq!(m.pattern(empty).template, "");
    let id = m.add(&many_tokens);
    assert!(
        m.pattern(id).template.ends_with("<*>"),
        "tokens past MAX_TOKENS are one variable"
    );
    let huge = m.add(&huge_word);
    assert_eq!(m.pattern(huge).template, "<*>");
}

#[test]
fn cluster_count_is_capped() {
    let mut m = PatternMiner::new();
    for i in 0..MAX_CLUSTERS + 10 {
        // Letters only, so every line is a new constant word and a new cluster.
        let word: String = format!("{i:x}").bytes().map(|b| (b + 20) as char).collect();
        m.add(&format!("w{word}"));
    }
    assert!(m.clusters.len() <= MAX_CLUSTERS + 1);
    let last = m.add("completely different line");
    assert_eq!(m.pattern(last).template, "<*>");
}

#[test]
fn lines_of_one_digit_shape_share_a_cluster_unless_a_constant_has_digits() {
    let mut m = PatternMiner::new();
    let a = m.add("took 12 ms on 10.0.0.1:80");
    // Same digit shape: joins without being tokenized again.
    assert_eq!(m.add("took 47 ms on 10.0.0.9:81"), a);
    assert_eq!(m.pattern(a).template, "took <*> <*> on <*>");
    // Same digit shape, but a constant holds the digits: a different cause, a different key.
    let s3 = m.add("S3Exception at 12");
    let s4 = m.add("S4Exception at 34");
    assert_eq!(m.pattern(s3).template, "S3Exception at <*>");
    assert_eq!(m.pattern(s4).template, "S4Exception at <*>");
    assert_eq!(m.add("S4Exception at 56"), s4);
    assert_eq!(m.add("S3Exception at 78"), s3);
    let summary = m.summary();
    let count = |t: &str| summary.iter().find(|s| s.template == t).map(|s| s.count);
    assert_eq!(count("took <*> <*> on <*>"), Some(2));
    assert_eq!(count("S3Exception at <*>"), Some(2));
}
