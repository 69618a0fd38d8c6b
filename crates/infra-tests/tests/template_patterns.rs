//! The SAM template's filter patterns, evaluated. The local AWS emulator does not evaluate
//! filter patterns, so this is the check that the alarm's metric (the failure filters' count
//! minus the benign filter's) rises for failing excerpts and stays quiet on healthy ones, and
//! that the subscription filter delivers what the processor needs. It also checks the
//! CloudWatch Logs limits the patterns rely on (docs/DEPLOY.md), the alarm's wiring, the
//! dashboard and the account policy. The IAM rules, the functions' environments and the table
//! are `template_resources.rs`.

mod template_file;

use serde::Deserialize;
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use template_file::template;
use triage_core::filter_pattern::{FilterPattern, MAX_PATTERN_LEN};

/// CloudWatch Logs quotas per log group.
const MAX_SUBSCRIPTION_FILTERS_PER_GROUP: usize = 2;
const MAX_METRIC_FILTERS_PER_GROUP: usize = 100;
const MAX_REGEX_PATTERNS_PER_GROUP: usize = 5;

/// Share of failing excerpts that must raise the alarm's metric on each labelled set, and the
/// most healthy excerpts that may (issue 12's bar).
const MIN_RECALL: f64 = 0.95;
const MAX_FALSE_ALARMS: f64 = 0.05;

/// The filters by role, from their FilterName.
const FAILURES: &str = "logtriage-failures";
const PLATFORM_FAILURES: &str = "logtriage-platform-failures";
const BENIGN: &str = "logtriage-benign-errors";
const SUBSCRIPTION: &str = "logtriage-processor";

struct Filter {
    /// The FilterName: one of the roles above.
    kind: String,
    /// The LogGroupName expression, rendered: filters of one group share it.
    log_group: String,
    pattern: String,
}

/// Resources, with the bodies of `Fn::ForEach::*` loops flattened in (their logical ids keep
/// the `&{...}` placeholder: one entry stands for every group of the loop).
fn resources(template: &Value) -> Vec<(String, Value)> {
    fn walk(map: &serde_yaml::Mapping, out: &mut Vec<(String, Value)>) {
        for (key, value) in map {
            let key = key.as_str().expect("resource keys are strings").to_string();
            if key.starts_with("Fn::ForEach::") {
                let body = value
                    .as_sequence()
                    .and_then(|s| s.get(2))
                    .and_then(Value::as_mapping)
                    .expect("Fn::ForEach is [identifier, collection, resources]");
                walk(body, out);
            } else {
                out.push((key, value.clone()));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        template["Resources"].as_mapping().expect("Resources"),
        &mut out,
    );
    out
}

fn filters(template: &Value) -> Vec<Filter> {
    resources(template)
        .into_iter()
        .filter_map(|(logical_id, resource)| {
            if !matches!(
                resource["Type"].as_str()?,
                "AWS::Logs::MetricFilter" | "AWS::Logs::SubscriptionFilter"
            ) {
                return None;
            }
            let properties = &resource["Properties"];
            let kind = properties["FilterName"]
                .as_str()
                .unwrap_or_else(|| panic!("{logical_id}: FilterName is a literal string"))
                .to_string();
            let pattern = properties["FilterPattern"]
                .as_str()
                .unwrap_or_else(|| panic!("{logical_id}: FilterPattern is a literal string"))
                .to_string();
            let log_group = serde_yaml::to_string(&properties["LogGroupName"]).unwrap();
            Some(Filter {
                kind,
                log_group,
                pattern,
            })
        })
        .collect()
}

fn the_pattern(filters: &[Filter], kind: &str) -> FilterPattern {
    let texts: BTreeSet<&str> = filters
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f| f.pattern.as_str())
        .collect();
    assert_eq!(
        texts.len(),
        1,
        "every {kind} filter must carry the same pattern, found {texts:#?}"
    );
    let text = texts.into_iter().next().unwrap();
    assert!(
        text.chars().count() <= MAX_PATTERN_LEN,
        "{kind} pattern is {} characters, CloudWatch allows {MAX_PATTERN_LEN}",
        text.chars().count()
    );
    FilterPattern::parse(text).unwrap_or_else(|e| panic!("{kind} pattern is invalid: {e}"))
}

#[derive(Deserialize)]
struct Excerpt {
    id: String,
    class: String,
    text: String,
}

fn excerpts(path: &str) -> Vec<Excerpt> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}")))
        .collect()
}

/// Every line of the labelled excerpts that the alarm counts or the failure filter matches,
/// with its excerpt's id.
fn alarm_lines(alarm: &AlarmFilters) -> Vec<(String, String)> {
    let mut lines = Vec::new();
    for (_, path) in SAMPLE_SETS {
        for excerpt in excerpts(path) {
            for event in excerpt.text.lines() {
                if alarm.counted(event) > 0 || alarm.failures.matches(event) {
                    lines.push((excerpt.id.clone(), event.to_string()));
                }
            }
        }
    }
    lines
}

const SAMPLE_SETS: [(&str, &str); 4] = [
    (
        "shared dev set",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/lambda-logs/lambda-logs.jsonl"
        ),
    ),
    (
        "shared more set",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/lambda-logs/more-lambda-logs.jsonl"
        ),
    ),
    (
        "own fixtures",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../triage-core/tests/fixtures/lambda-fixtures.jsonl"
        ),
    ),
    (
        "blind holdout",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../triage-core/tests/fixtures/lambda-holdout.jsonl"
        ),
    ),
];

/// The alarm's filters, as deployed on every watched group.
struct AlarmFilters {
    failures: FilterPattern,
    platform: FilterPattern,
    benign: FilterPattern,
}

impl AlarmFilters {
    fn from_template() -> Self {
        let all = filters(&template());
        AlarmFilters {
            failures: the_pattern(&all, FAILURES),
            platform: the_pattern(&all, PLATFORM_FAILURES),
            benign: the_pattern(&all, BENIGN),
        }
    }

    /// What one log event adds to the alarm's metric: FunctionFailures (both failure
    /// filters publish it) minus KnownBenignErrorLines, as the alarm's metric math does.
    fn counted(&self, event: &str) -> i64 {
        i64::from(self.failures.matches(event)) + i64::from(self.platform.matches(event))
            - i64::from(self.benign.matches(event))
    }

    /// An excerpt raises the alarm's metric when its events add up to more than zero.
    fn raises(&self, excerpt: &Excerpt) -> bool {
        excerpt.text.lines().map(|e| self.counted(e)).sum::<i64>() > 0
    }
}

/// Per set and class: how many excerpts raise the alarm's metric. The bar holds on every set:
/// at least MIN_RECALL of the failing excerpts and at most MAX_FALSE_ALARMS of the healthy ones.
/// `cargo test -p infra-tests --test template_patterns -- --nocapture` prints the figures
/// docs/DEPLOY.md reports.
#[test]
fn alarm_metric_rises_for_failures_and_not_for_healthy_excerpts() {
    let alarm = AlarmFilters::from_template();
    for (name, path) in SAMPLE_SETS {
        let set = excerpts(path);
        let mut per_class: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let mut missed = Vec::new();
        let mut false_alarms = Vec::new();
        for excerpt in &set {
            let hit = alarm.raises(excerpt);
            let entry = per_class.entry(&excerpt.class).or_default();
            entry.1 += 1;
            entry.0 += usize::from(hit);
            match (excerpt.class == "not_an_error", hit) {
                (true, true) => false_alarms.push(excerpt.id.as_str()),
                (false, false) => missed.push(excerpt.id.as_str()),
                _ => {}
            }
        }
        let classes: Vec<String> = per_class
            .iter()
            .map(|(c, (h, n))| format!("{c} {h}/{n}"))
            .collect();
        let healthy = per_class.get("not_an_error").copied().unwrap_or_default();
        let (hit, total) = per_class
            .iter()
            .filter(|(c, _)| **c != "not_an_error")
            .fold((0, 0), |(h, t), (_, (ch, ct))| (h + ch, t + ct));
        let recall = hit as f64 / total as f64;
        let false_rate = healthy.0 as f64 / healthy.1.max(1) as f64;
        println!(
            "{name}: failing {hit}/{total} = {recall:.3}, healthy {}/{} = {false_rate:.3}; {}; missed {missed:?}",
            healthy.0,
            healthy.1,
            classes.join(", ")
        );
        assert!(healthy.1 > 0, "{name}: no healthy excerpts");
        assert!(
            recall >= MIN_RECALL,
            "{name}: recall {recall:.3} < {MIN_RECALL}; missed {missed:?}"
        );
        assert!(
            false_rate <= MAX_FALSE_ALARMS,
            "{name}: {false_rate:.3} of healthy excerpts raise the metric: {false_alarms:?}"
        );
    }
}

/// The metric math is exact only if every benign line is also a failures line (so the
/// difference never hides a failure) and no line is counted by both failure filters.
#[test]
fn benign_lines_are_failure_lines_and_no_line_counts_twice() {
    let alarm = AlarmFilters::from_template();
    let mut benign = 0;
    for (_, path) in SAMPLE_SETS {
        for excerpt in excerpts(path) {
            for event in excerpt.text.lines() {
                if alarm.benign.matches(event) {
                    benign += 1;
                    assert!(alarm.failures.matches(event), "{}: {event}", excerpt.id);
                }
                assert!(
                    !(alarm.failures.matches(event) && alarm.platform.matches(event)),
                    "{}: counted twice: {event}",
                    excerpt.id
                );
            }
        }
    }
    assert!(benign >= 2, "only {benign} benign lines in the sets");
}

#[test]
fn alarm_counts_the_failures_that_never_print_error() {
    let alarm = AlarmFilters::from_template();
    // The platform's own lines, text and JSON log formats (Lambda docs' shapes).
    for line in [
        "2024-05-01T12:00:03.000Z 1b690add-f44a-46d5-88e0-352bb2248e74 Task timed out after 3.00 seconds",
        "RequestId: 1b690add-f44a-46d5-88e0-352bb2248e74 Error: Runtime exited with error: signal: killed",
        "REPORT RequestId: 1b690add-f44a-46d5-88e0-352bb2248e74\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: timeout",
        "INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout",
        "INIT_REPORT Init Duration: 310.02 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError",
        "RequestId: 58debea0 Process exited before completing request",
        "Unable to import module 'handler': No module named 'requests'",
        r#"{"time":"2026-07-09T06:05:50.562Z","type":"platform.runtimeDone","record":{"requestId":"aec7a529","status":"timeout"}}"#,
        r#"{"time":"2026-07-09T06:05:50.581Z","type":"platform.report","record":{"requestId":"aec7a529","status":"error","errorType":"Runtime.OutOfMemory"}}"#,
        r#"{"time":"2026-07-09T06:05:50.581Z","type":"platform.initReport","record":{"phase":"init","status":"failure"}}"#,
        "thread 'main' panicked at src/main.rs:10:5:",
        "fatal error: runtime: out of memory",
    ] {
        assert_eq!(alarm.counted(line), 1, "not counted once: {line}");
        // ...and none of these say ERROR: a plain ERROR pattern would miss them.
        assert!(!line.contains("ERROR"));
    }
    for healthy in [
        "START RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95 Version: $LATEST",
        "END RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95",
        "REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95\tDuration: 15.74 ms\tBilled Duration: 16 ms\tMemory Size: 128 MB\tMax Memory Used: 56 MB\tInit Duration: 130.49 ms",
        "INIT_START Runtime Version: provided:al2023.v89\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc",
        r#"{"time":"2022-10-21T14:05:05.764Z","type":"platform.runtimeDone","record":{"requestId":"459921b5","status":"success"}}"#,
        r#"{"timestamp":"2024-01-16T10:30:45.586Z","level":"INFO","message":"Processing request","requestId":"79b4f56e"}"#,
        "2024-02-22T10:05:40.515Z\tea4f86d8\tINFO\tApplied 3 price updates, ErrorCount=0",
        // Healthy INFO/WARN lines with the words the alarm no longer counts on their own.
        "2024-02-22T10:05:40.515Z\tea4f86d8\tINFO\tSetting socket timeout to 30s",
        "[INFO]\t2024-02-22T10:05:40.515Z\tea4f86d8\tUnable to find cached token, fetching a new one",
        "2024-02-22T10:05:40.515Z\tea4f86d8\tWARN\tFailed to refresh cache, serving stale entry",
        "2024-02-22T10:05:40.515Z\tea4f86d8\tWARN\tupstream request timed out, retrying 1/3",
        // Node.js process warnings at ERROR level: counted by the failures filter, and
        // subtracted again.
        "2021-10-02T06:45:15.917Z\tundefined\tERROR\t(node:8) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues.",
        "2024-02-22T10:05:40.515Z\tundefined\tERROR\t(node:2) ExperimentalWarning: The Fetch API is an experimental feature.",
    ] {
        assert_eq!(alarm.counted(healthy), 0, "healthy line counted: {healthy}");
    }
    // An unhandled rejection printed as a Node warning is a failure, not a benign warning.
    assert_eq!(
        alarm.counted("2019-05-01T00:00:00.000Z\tundefined\tERROR\t(node:8) UnhandledPromiseRejectionWarning: Error: connect ECONNREFUSED 10.0.0.1:443"),
        1
    );
}

#[test]
fn subscription_filter_delivers_every_failure_line_and_the_report_lines() {
    let all = filters(&template());
    let alarm = AlarmFilters::from_template();
    let subscription = the_pattern(&all, SUBSCRIPTION);
    // By construction: each failure term contains one of the subscription's terms, so every
    // line the failures filter counts is delivered, whatever the line.
    let term_list = |kind: &str| -> Vec<String> {
        let text = &all.iter().find(|f| f.kind == kind).unwrap().pattern;
        text.split(" ?")
            .map(|t| t.trim_start_matches('?').trim_matches('"').to_string())
            .collect()
    };
    let delivered = term_list(SUBSCRIPTION);
    for term in term_list(FAILURES) {
        assert!(
            delivered.iter().any(|d| term.contains(d.as_str())),
            "failure term {term:?} has no subscription term inside it"
        );
    }
    let failure_lines = alarm_lines(&alarm);
    for (id, event) in &failure_lines {
        assert!(
            subscription.matches(event),
            "{id}: the processor would not see a line the alarm counts: {event}"
        );
    }
    let failure_lines = failure_lines.len();
    assert!(
        failure_lines > 100,
        "only {failure_lines} failure lines seen"
    );
    // REPORT lines carry the duration and memory figures the processor uses (the OOM rule).
    for report in [
        "REPORT RequestId: 1b690add-f44a-46d5-88e0-352bb2248e74\tDuration: 6082.95 ms\tBilled Duration: 6083 ms\tMemory Size: 6000 MB\tMax Memory Used: 6000 MB\t",
        r#"{"time":"2026-07-09T09:59:05.883Z","type":"platform.report","record":{"requestId":"91a84db4","metrics":{"durationMs":5622.492,"memorySizeMB":128,"maxMemoryUsedMB":128},"status":"success"}}"#,
    ] {
        assert!(subscription.matches(report), "not delivered: {report}");
    }
    assert!(!subscription.matches("START RequestId: 8f507cfc Version: $LATEST"));
    assert!(
        !subscription.matches("2024-02-22T10:05:40.515Z\tea4f86d8\tINFO\tApplied 3 price updates")
    );
}

#[test]
fn filters_respect_cloudwatch_logs_quotas_per_log_group() {
    let all = filters(&template());
    let mut by_group: BTreeMap<&str, Vec<&Filter>> = BTreeMap::new();
    for f in &all {
        by_group.entry(&f.log_group).or_default().push(f);
    }
    // The emitter's group and the loop over the watched groups.
    assert_eq!(by_group.len(), 2, "{:?}", by_group.keys());
    for (group, filters) in by_group {
        let count = |kind: &str| filters.iter().filter(|f| f.kind == kind).count();
        for kind in [FAILURES, PLATFORM_FAILURES, BENIGN, SUBSCRIPTION] {
            assert_eq!(count(kind), 1, "{group}: {} {kind} filters", count(kind));
        }
        let subscriptions = count(SUBSCRIPTION);
        let metric_filters = filters.len() - subscriptions;
        // logtriage may take only one of the two subscription filters a group can have: the
        // user's own may need the other.
        assert!(
            subscriptions < MAX_SUBSCRIPTION_FILTERS_PER_GROUP,
            "{group}: {subscriptions} subscription filters"
        );
        assert!(metric_filters <= MAX_METRIC_FILTERS_PER_GROUP, "{group}");
        let with_regex = filters
            .iter()
            .filter(|f| FilterPattern::parse(&f.pattern).unwrap().regex_count() > 0)
            .count();
        assert!(with_regex <= MAX_REGEX_PATTERNS_PER_GROUP, "{group}");
    }
}

#[test]
fn alarm_watches_the_metrics_the_filters_publish_through_metric_math() {
    let template = template();
    let all = resources(&template);
    // Which metric each filter role publishes.
    let mut published: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, r) in all
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Logs::MetricFilter")
    {
        let t = &r["Properties"]["MetricTransformations"][0];
        assert_eq!(t["MetricValue"].as_str(), Some("1"));
        assert_eq!(t["DefaultValue"].as_u64(), Some(0));
        published
            .entry(t["MetricName"].as_str().unwrap().to_string())
            .or_default()
            .insert(r["Properties"]["FilterName"].as_str().unwrap().to_string());
    }
    assert_eq!(
        published["FunctionFailures"],
        BTreeSet::from([FAILURES.to_string(), PLATFORM_FAILURES.to_string()])
    );
    assert_eq!(
        published["KnownBenignErrorLines"],
        BTreeSet::from([BENIGN.to_string()])
    );
    let alarm = &all
        .iter()
        .find(|(id, _)| id == "FailureAlarm")
        .expect("FailureAlarm")
        .1["Properties"];
    let queries = alarm["Metrics"].as_sequence().expect("metric math");
    let by_id: BTreeMap<&str, &Value> = queries
        .iter()
        .map(|q| (q["Id"].as_str().unwrap(), q))
        .collect();
    for (id, metric) in [
        ("failures", "FunctionFailures"),
        ("benign", "KnownBenignErrorLines"),
    ] {
        let stat = &by_id[id]["MetricStat"];
        assert_eq!(stat["Metric"]["MetricName"].as_str(), Some(metric));
        assert_eq!(stat["Period"].as_u64(), Some(60));
        assert_eq!(stat["Stat"].as_str(), Some("Sum"));
        assert_eq!(by_id[id]["ReturnData"].as_bool(), Some(false));
    }
    let returned: Vec<&&Value> = by_id
        .values()
        .filter(|q| q["ReturnData"].as_bool() != Some(false))
        .collect();
    assert_eq!(returned.len(), 1, "one expression is the alarm's metric");
    assert_eq!(
        returned[0]["Expression"].as_str(),
        Some("FILL(failures, 0) - FILL(benign, 0)")
    );
    assert_eq!(alarm["EvaluationPeriods"].as_u64(), Some(1));
    assert_eq!(
        alarm["ComparisonOperator"].as_str(),
        Some("GreaterThanOrEqualToThreshold")
    );
    assert_eq!(alarm["TreatMissingData"].as_str(), Some("notBreaching"));
    assert!(alarm["OKActions"]
        .as_sequence()
        .is_some_and(|a| !a.is_empty()));
}

/// The alarm's description, as CloudFormation renders it, says what the metric counts, which
/// log groups it watches and the command to run next, within CloudWatch's 1,024 characters
/// for ten watched groups of typical length.
#[test]
fn alarm_description_is_readable_and_fits() {
    let template = template();
    let Value::Tagged(sub) =
        &template["Resources"]["FailureAlarm"]["Properties"]["AlarmDescription"]
    else {
        panic!("AlarmDescription is a !Sub")
    };
    let text = sub.value[0].as_str().expect("the !Sub string");
    let groups: Vec<String> = (1..=10)
        .map(|i| format!("/aws/lambda/orders-service-{i:02}"))
        .collect();
    let render = |watched: &str| {
        text.replace("${FailureThreshold}", "5")
            .replace("${LogEmitterLogGroup}", "/aws/lambda/logtriage-log-emitter")
            .replace("${IncidentsTable}", "logtriage-incidents")
            .replace("${AWS::StackName}", "logtriage")
            .replace("${Watched}", watched)
    };
    let rendered = render(&format!(", {}", groups.join(", ")));
    assert!(
        !rendered.contains("${"),
        "unrendered placeholder: {rendered}"
    );
    for wanted in [
        "failure log events in one",
        "/aws/lambda/logtriage-log-emitter, /aws/lambda/orders-service-01",
        "/aws/lambda/orders-service-10",
        "logtriage incidents list --table logtriage-incidents",
    ] {
        assert!(
            rendered.replace('\n', " ").contains(wanted),
            "{wanted:?} not in {rendered}"
        );
    }
    assert!(
        rendered.chars().count() <= 1024,
        "{} characters",
        rendered.chars().count()
    );
    // `Watched` is the watched list (empty without MonitoredLogGroups).
    let watched = serde_yaml::to_string(&sub.value[1]["Watched"]).unwrap();
    assert!(
        watched.contains("HasMonitoredLogGroups") && watched.contains("MonitoredLogGroups"),
        "{watched}"
    );
}

/// `${...}` placeholders of a `Fn::Sub` string, each replaced by `fill(name)`.
fn fill_placeholders(text: &str, fill: &dyn Fn(&str) -> String) -> String {
    let mut filled = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        filled.push_str(&rest[..start]);
        let end = rest[start..].find('}').expect("closed ${...}");
        filled.push_str(&fill(&rest[start + 2..start + end]));
        rest = &rest[start + end + 1..];
    }
    filled.push_str(rest);
    filled
}

/// The text a `!Sub` (string or [string, variables]) renders to, with every `!If` on
/// `IsAccountMode` taken as `account` says and any other placeholder a number.
fn render_sub(value: &Value, account: bool) -> String {
    let Value::Tagged(sub) = value else {
        panic!("not a !Sub: {value:?}")
    };
    assert_eq!(sub.tag, "!Sub");
    let (text, variables) = match &sub.value {
        Value::String(s) => (s.clone(), None),
        Value::Sequence(parts) => (parts[0].as_str().unwrap().to_string(), parts.get(1)),
        other => panic!("!Sub of {other:?}"),
    };
    fill_placeholders(&text, &|name| {
        let variable = variables.and_then(|v| v.get(name));
        match variable {
            Some(Value::Tagged(t)) if t.tag == "!If" => {
                let args = t.value.as_sequence().unwrap();
                if args[0].as_str() == Some("IsAccountMode") {
                    render_sub(&args[if account { 1 } else { 2 }], account)
                } else {
                    "1".into()
                }
            }
            Some(v @ Value::Tagged(t)) if t.tag == "!Sub" => render_sub(v, account),
            // Every other ${...} becomes a number: valid JSON inside strings and as a value.
            _ => "1".into(),
        }
    })
}

/// The dashboard body is JSON once `Fn::Sub` fills it in, in both watch modes, and has the
/// widgets operators need in each: the alarm's metric as the alarm counts it, and where the
/// failures come from (Logs Insights over the watched groups, or the processor's metrics per
/// function and class and the stream's health).
#[test]
fn dashboard_body_is_json_with_every_widget() {
    let template = template();
    let body = &template["Resources"]["Dashboard"]["Properties"]["DashboardBody"];
    for (account, mode_widgets) in [
        (false, &["Recent failures", "Failures per function"][..]),
        (true, &["Failures per function and class", "Pipeline"][..]),
    ] {
        let filled = render_sub(body, account);
        let dashboard: serde_json::Value = serde_json::from_str(&filled)
            .unwrap_or_else(|e| panic!("dashboard JSON (account: {account}): {e}\n{filled}"));
        let widgets = dashboard["widgets"].as_array().expect("widgets");
        let titles: Vec<&str> = widgets
            .iter()
            .map(|w| w["properties"]["title"].as_str().unwrap_or(""))
            .collect();
        for wanted in [
            "Failures per minute",
            "Incidents opened",
            "Dead-letter",
            "errors",
            "duration",
            "throttles",
        ]
        .iter()
        .chain(mode_widgets)
        {
            assert!(
                titles.iter().any(|t| t.contains(wanted)),
                "account: {account}: no widget for {wanted}: {titles:?}"
            );
        }
        let counted = widgets
            .iter()
            .find(|w| {
                w["properties"]["title"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("Failures per minute"))
            })
            .unwrap();
        let expression = counted["properties"]["metrics"][0][0]["expression"]
            .as_str()
            .unwrap();
        if account {
            assert!(expression.contains("SUM(FailureEvents)"), "{expression}");
            assert!(
                !widgets.iter().any(|w| w["type"] == "log"),
                "no Logs Insights widget without a list of groups to query"
            );
        } else {
            assert_eq!(expression, "FILL(failures, 0) - FILL(benign, 0)");
            let insights = widgets
                .iter()
                .find(|w| w["type"] == "log")
                .expect("a Logs Insights widget");
            assert!(insights["properties"]["query"]
                .as_str()
                .is_some_and(|q| q.starts_with("SOURCE ")));
        }
    }
}

/// The account policy's document, rendered: JSON with the stream, the role and the pattern.
fn account_policy_document(template: &Value) -> serde_json::Value {
    let properties = &template["Resources"]["AccountSubscriptionPolicy"]["Properties"];
    let text = render_sub(&properties["PolicyDocument"], true);
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("PolicyDocument is not JSON: {e}: {text}"))
}

/// Account mode delivers with the same pattern as the groups-mode subscription filters: every
/// line the groups-mode alarm counts, every line the processor itself classifies as a failure
/// (what the account-mode alarm counts, through its FailureEvents metric) and the REPORT lines.
#[test]
fn account_policy_delivers_every_failure_line_the_alarm_counts() {
    let template = template();
    let all = filters(&template);
    let document = account_policy_document(&template);
    let text = document["FilterPattern"].as_str().expect("FilterPattern");
    let subscription_text = &all.iter().find(|f| f.kind == SUBSCRIPTION).unwrap().pattern;
    assert_eq!(
        text, subscription_text,
        "the same pattern as the subscription filters"
    );
    assert!(text.chars().count() <= MAX_PATTERN_LEN);
    let pattern = FilterPattern::parse(text).expect("a valid pattern");
    assert_eq!(document["Distribution"], "Random");
    // Both are placeholders (rendered as 1 here): the stream's ARN and the role's.
    assert_eq!(document["DestinationArn"], "1");
    assert_eq!(document["RoleArn"], "1");
    let raw = serde_yaml::to_string(
        &template["Resources"]["AccountSubscriptionPolicy"]["Properties"]["PolicyDocument"],
    )
    .unwrap();
    assert!(
        raw.contains("${LogStream.Arn}") && raw.contains("${LogsToKinesisRole.Arn}"),
        "{raw}"
    );

    let alarm = AlarmFilters::from_template();
    let counted = alarm_lines(&alarm);
    for (id, event) in &counted {
        assert!(pattern.matches(event), "{id}: not delivered: {event}");
    }
    let alarm_lines = counted.len();
    assert!(alarm_lines > 100, "only {alarm_lines} alarm-counted lines");
    println!("account policy: delivers all {alarm_lines} lines the groups-mode alarm counts");

    // What the account-mode alarm counts is the processor's classification of what it is
    // delivered. Per set: of the failing excerpts the processor raises an incident for when
    // it reads every line, how many it still raises from the delivered lines alone (the
    // groups-mode recall bar, MIN_RECALL). Printed with --nocapture.
    let raises = |lines: &mut dyn Iterator<Item = &str>| {
        let mut aggregator = triage_core::aggregate::Aggregator::new(Default::default());
        for line in lines {
            aggregator.add_message("/aws/lambda/f", None, line);
        }
        !aggregator.finish().is_empty()
    };
    for (name, path) in SAMPLE_SETS {
        let (mut seen, mut kept, mut lost) = (0, 0, Vec::new());
        for excerpt in excerpts(path).iter().filter(|e| e.class != "not_an_error") {
            if !raises(&mut excerpt.text.lines()) {
                continue;
            }
            seen += 1;
            if raises(&mut excerpt.text.lines().filter(|l| pattern.matches(l))) {
                kept += 1;
            } else {
                lost.push(excerpt.id.clone());
            }
        }
        let share = kept as f64 / seen.max(1) as f64;
        println!("{name}: the processor raises {kept}/{seen} = {share:.3} of its failing excerpts from the delivered lines; lost {lost:?}");
        assert!(
            seen > 0 && share >= MIN_RECALL,
            "{name}: {share:.3}; lost {lost:?}"
        );
    }
}

/// The selection criteria keep logtriage's own groups out (no loop), keep the emitter's group
/// in (the smoke test), take the user's exclusions, and fit CloudWatch's 25 KB.
#[test]
fn account_policy_excludes_logtriages_own_groups() {
    let template = template();
    let criteria =
        &template["Resources"]["AccountSubscriptionPolicy"]["Properties"]["SelectionCriteria"];
    let Value::Tagged(sub) = criteria else {
        panic!("SelectionCriteria is a !Sub")
    };
    let text = sub.value[0].as_str().unwrap();
    // The documented form, the only one a subscription filter policy accepts.
    assert!(
        text.starts_with("LogGroupName NOT IN [") && text.ends_with(']'),
        "{text}"
    );
    for own in [
        "${LogProcessorLogGroup}",
        "${IncidentWriterLogGroup}",
        "${LlmSummarizerLogGroup}",
    ] {
        assert!(
            text.contains(&format!("\"{own}\"")),
            "{own} not excluded: {text}"
        );
    }
    assert!(
        !text.contains("LogEmitterLogGroup"),
        "the emitter's group stays watched"
    );
    // With the user's exclusions joined in: a JSON list of strings, up to 25 KB.
    let excluded: Vec<String> = (0..100)
        .map(|i| format!("/aws/lambda/team-service-{i:03}"))
        .collect();
    let joined = format!(", \"{}\"", excluded.join("\", \""));
    let rendered = text
        .replace(
            "${LogProcessorLogGroup}",
            "/aws/lambda/logtriage-log-processor",
        )
        .replace(
            "${IncidentWriterLogGroup}",
            "/aws/lambda/logtriage-incident-writer",
        )
        .replace(
            "${LlmSummarizerLogGroup}",
            "/aws/lambda/logtriage-llm-summarizer",
        )
        .replace("${Excluded}", &joined);
    let list: Vec<String> = serde_json::from_str(&rendered["LogGroupName NOT IN ".len()..])
        .unwrap_or_else(|e| panic!("{e}: {rendered}"));
    assert_eq!(list.len(), 103);
    assert!(rendered.len() <= 25 * 1024, "{} bytes", rendered.len());
    let excluded_var = serde_yaml::to_string(&sub.value[1]["Excluded"]).unwrap();
    assert!(
        excluded_var.contains("HasExcludedLogGroups") && excluded_var.contains("ExcludedLogGroups")
    );
}
