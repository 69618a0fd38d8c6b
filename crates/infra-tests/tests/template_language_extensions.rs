//! The template as CloudFormation's `AWS::LanguageExtensions` transform documents it, not as
//! the local tools tolerate it. cfn-lint and `sam validate` substitute `&{…}` wherever it
//! appears; CloudFormation does so only in a loop's output keys (the logical ids), so a
//! reference spelt with `&{…}` in a property value survives into the processed template and
//! the create fails with "Unresolved resource dependencies [X&{Id}]".
//!
//! The documented semantics these checks encode (the model of the transform is in
//! `language_extensions/mod.rs`):
//! - Fn::ForEach reference
//!   (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html>):
//!   the loop is `[Identifier, Collection, {OutputKey: OutputValue}]`; a Collection may be a
//!   `Ref` to a `CommaDelimitedList`; "the `&{}` syntax allows non-alphanumeric characters of
//!   the Collection to be used in the OutputKey parameter" (they are removed: the output key
//!   is a logical id, which is alphanumeric); `${Identifier}` and `Ref: Identifier` are
//!   replaced by the item in the OutputValue.
//! - `&{…}` in an OutputValue is not resolved: reported in
//!   aws-cloudformation/cloudformation-coverage-roadmap#2150 ("that syntax only works in the
//!   OutputKey and not the OutputValue") and cfn-language-discussion#162 ("Unresolved resource
//!   dependencies [SNS&{TopicId}]").
//! - An empty `CommaDelimitedList` parameter is the list `[""]`: the loop makes one pass with
//!   an empty item (cfn-language-discussion#154, "when the parameter is empty, the foreach
//!   iterates once with an empty value"). A literal `[]` makes no pass; both are checked.
//! - The transform evaluates intrinsic functions it can resolve itself, such as `Fn::Select`
//!   of a literal list, so a reference hidden in an unselected element creates no dependency.
//!
//! `LOGTRIAGE_TEMPLATE=path cargo test -p infra-tests --test template_language_extensions`
//! runs these checks on another template (for example an older revision from `git show`).

mod language_extensions;

use language_extensions::*;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// `&{` only in the keys of a `Fn::ForEach` fragment in Resources or Outputs.
#[test]
fn ampersand_placeholders_appear_only_in_loop_output_keys() {
    fn walk(value: &Value, path: &str, output_keys: bool, bad: &mut Vec<String>) {
        match value {
            Value::String(s) if s.contains("&{") => bad.push(format!("{path}: value {s:?}")),
            Value::Object(map) => {
                for (k, v) in map {
                    let here = format!("{path}/{k}");
                    if k.contains("&{") && !output_keys {
                        bad.push(format!("{here}: key outside a loop's output keys"));
                    }
                    if k.starts_with("Fn::ForEach::") {
                        if let Some(parts) = v.as_array() {
                            for (i, part) in parts.iter().enumerate() {
                                let path = format!("{here}[{i}]");
                                if i == 2 {
                                    // The fragment's own keys are output keys; their values
                                    // (resource bodies) are not.
                                    if let Some(fragment) = part.as_object() {
                                        for (ok, ov) in fragment {
                                            let inner = format!("{path}/{ok}");
                                            if ok.starts_with("Fn::ForEach::") {
                                                walk(
                                                    &Value::Object(Map::from_iter([(
                                                        ok.clone(),
                                                        ov.clone(),
                                                    )])),
                                                    &path,
                                                    true,
                                                    bad,
                                                );
                                            } else {
                                                walk(ov, &inner, false, bad);
                                            }
                                        }
                                        continue;
                                    }
                                }
                                walk(part, &path, false, bad);
                            }
                            continue;
                        }
                    }
                    walk(v, &here, false, bad);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{path}[{i}]"), false, bad);
                }
            }
            _ => {}
        }
    }
    let template = template();
    let mut bad = Vec::new();
    for (section, value) in template.as_object().unwrap() {
        // Loops may only stand in Resources, Outputs and Conditions; their keys are output
        // keys there (logical ids), and nowhere else.
        let top_level_loops = matches!(section.as_str(), "Resources" | "Outputs" | "Conditions");
        match value.as_object() {
            Some(map) if top_level_loops => {
                for (k, v) in map {
                    if k.starts_with("Fn::ForEach::") {
                        walk(
                            &Value::Object(Map::from_iter([(k.clone(), v.clone())])),
                            section,
                            true,
                            &mut bad,
                        );
                    } else {
                        walk(v, &format!("{section}/{k}"), false, &mut bad);
                    }
                }
            }
            _ => walk(value, section, false, &mut bad),
        }
    }
    assert!(
        bad.is_empty(),
        "{}: `&{{}}` where CloudFormation does not resolve it:\n  {}",
        template_path(),
        bad.join("\n  ")
    );
}

/// Processes the template for each case (its name, watched groups and parameters set), runs
/// `check` on each, and fails with every failure found; a case that does not process is one.
fn check_each_case(
    cases: impl IntoIterator<Item = (String, Vec<&'static str>, Vec<(&'static str, &'static str)>)>,
    check: impl Fn(&str, &[&str], &Processed, &mut Vec<String>),
) {
    let template = template();
    let mut failures = Vec::new();
    for (case, groups, overrides) in cases {
        match process_with(&template, &groups, &overrides) {
            Ok(processed) => check(&case, &groups, &processed, &mut failures),
            Err(e) => failures.push(format!("{case}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{}:\n  {}",
        template_path(),
        failures.join("\n  ")
    );
}

/// After the documented expansion, for each list of watched groups, every reference and
/// dependency names something that exists, and every logical id is valid and unique.
#[test]
fn every_reference_resolves_after_expansion() {
    let cases = group_lists().into_iter().flat_map(|(case, groups)| {
        WATCH_MODES.into_iter().map(move |mode| {
            let case = format!("{case}, WatchMode={mode}");
            (case, groups.clone(), vec![("WatchMode", mode)])
        })
    });
    check_each_case(cases, |case, _, processed, failures| {
        let known = |name: &str| {
            processed.resources.contains_key(name) || processed.parameters.contains_key(name)
        };
        // The template format check: every resource, whatever its condition, names only
        // logical ids and parameters that exist ("Unresolved resource dependencies").
        for (id, resource) in &processed.all {
            if id.is_empty() || id.len() > 255 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
                failures.push(format!("{case}: logical id {id:?} is not alphanumeric"));
            }
            let mut refs = depends_on(resource);
            references(resource, None, &mut refs);
            for target in refs {
                if !processed.all.contains_key(&target)
                    && !processed.parameters.contains_key(&target)
                {
                    failures.push(format!(
                        "{case}: {id} refers to {target:?}, which does not exist \
                         (a template format error, whatever the conditions)"
                    ));
                }
            }
        }
        // At run time: what a created resource refers to is created too.
        for (id, resource) in &processed.resources {
            for target in depends_on(resource) {
                if !processed.resources.contains_key(&target) {
                    failures.push(format!(
                        "{case}: {id} DependsOn {target:?}, which is not created"
                    ));
                }
            }
            let mut refs = Vec::new();
            references(resource, Some(&processed.conditions), &mut refs);
            for target in refs {
                if !known(&target) {
                    failures.push(format!(
                        "{case}: {id} refers to {target:?}, which is not created"
                    ));
                }
            }
        }
        for (id, output) in &processed.outputs {
            if !id.chars().all(|c| c.is_ascii_alphanumeric()) {
                failures.push(format!("{case}: output key {id:?} is not alphanumeric"));
            }
            let mut refs = Vec::new();
            references(output, Some(&processed.conditions), &mut refs);
            for target in refs.iter().filter(|t| !known(t)) {
                failures.push(format!("{case}: output {id} refers to {target:?}"));
            }
        }
    });
}

/// Each watched group gets its metric and subscription filter, and each subscription filter
/// to a function is created after a permission that lets CloudWatch Logs invoke that function
/// from that group (CloudWatch Logs test-delivers when the filter is created). The order must
/// come from `DependsOn` or a reference that survives the transform.
#[test]
fn each_subscription_filter_waits_for_a_permission_covering_its_group() {
    let cases = group_lists()
        .into_iter()
        .map(|(case, groups)| (case.to_string(), groups, vec![]));
    check_each_case(cases, |case, groups, processed, failures| {
        let of_type = |t: &str| -> Vec<(&String, &Value)> {
            processed
                .resources
                .iter()
                .filter(|(_, r)| r["Type"] == t)
                .collect()
        };
        let watched: Vec<&str> = groups.iter().copied().filter(|g| !g.is_empty()).collect();
        // Per watched group plus the emitter's own: three metric filters (failures, platform
        // failures, benign errors) and one subscription filter.
        for (kind, per_group) in [
            ("AWS::Logs::MetricFilter", 3),
            ("AWS::Logs::SubscriptionFilter", 1),
        ] {
            let count = of_type(kind).len();
            let expected = per_group * (watched.len() + 1);
            if count != expected {
                failures.push(format!("{case}: {count} {kind}, expected {expected}"));
            }
        }
        for group in &watched {
            let filtered = of_type("AWS::Logs::SubscriptionFilter")
                .iter()
                .any(|(_, r)| r["Properties"]["LogGroupName"] == *group);
            if !filtered {
                failures.push(format!("{case}: no subscription filter on {group}"));
            }
        }
        for (id, filter) in of_type("AWS::Logs::SubscriptionFilter") {
            let filter = &fold(filter, true);
            let properties = &filter["Properties"];
            let Some(function) =
                single(&properties["DestinationArn"], "Fn::GetAtt").and_then(|a| a[0].as_str())
            else {
                failures.push(format!(
                    "{case}: {id}: DestinationArn is not a function's GetAtt Arn: {}",
                    properties["DestinationArn"]
                ));
                continue;
            };
            let source = source_arn_of_group(&properties["LogGroupName"], processed);
            let mut before = depends_on(filter);
            references(properties, Some(&processed.conditions), &mut before);
            let covered = before.iter().any(|p| {
                let Some(permission) = processed.resources.get(p) else {
                    return false;
                };
                let pp = &permission["Properties"];
                permission["Type"] == "AWS::Lambda::Permission"
                    && pp["Principal"] == "logs.amazonaws.com"
                    && pp["Action"] == "lambda:InvokeFunction"
                    && single(&pp["FunctionName"], "Fn::GetAtt")
                        .and_then(|a| a[0].as_str())
                        .or_else(|| single(&pp["FunctionName"], "Ref").and_then(Value::as_str))
                        == Some(function)
                    && arn_like(&render(&pp["SourceArn"], processed), &source)
            });
            if !covered {
                failures.push(format!(
                    "{case}: {id} is not ordered after a permission for {function} covering {source}"
                ));
            }
        }
    });
}

/// `Fn::Select` over a literal list that holds references: the transform folds it, and the
/// references in the other elements stop ordering anything.
#[test]
fn no_fn_select_is_used_to_make_dependencies() {
    fn walk(value: &Value, path: &str, bad: &mut Vec<String>) {
        if let Some(Value::Array(args)) = single(value, "Fn::Select") {
            if let Some(Value::Array(list)) = args.get(1) {
                let mut refs = Vec::new();
                references(&Value::Array(list.clone()), None, &mut refs);
                if list.len() > 1 && !refs.is_empty() {
                    bad.push(format!("{path}: Fn::Select over references {refs:?}"));
                }
            }
        }
        match value {
            Value::Object(map) => map
                .iter()
                .for_each(|(k, v)| walk(v, &format!("{path}/{k}"), bad)),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, v)| walk(v, &format!("{path}[{i}]"), bad)),
            _ => {}
        }
    }
    let mut bad = Vec::new();
    walk(&template(), "", &mut bad);
    assert!(
        bad.is_empty(),
        "{}:\n  {}",
        template_path(),
        bad.join("\n  ")
    );
}

/// The ARN CloudWatch Logs presents as the source of deliveries from a group (its streams).
fn source_arn_of_group(log_group: &Value, processed: &Processed) -> String {
    match single(log_group, "Ref").and_then(Value::as_str) {
        // A log group of this stack: its ARN attribute, `arn:…:log-group:<name>:*`.
        Some(resource) if processed.resources.contains_key(resource) => {
            let name = render(
                &processed.resources[resource]["Properties"]["LogGroupName"],
                processed,
            );
            format!("arn:aws:logs:us-east-1:123456789012:log-group:{name}:*")
        }
        _ => format!(
            "arn:aws:logs:us-east-1:123456789012:log-group:{}:*",
            render(log_group, processed)
        ),
    }
}

/// A string value with parameters, pseudo parameters and log groups' `Arn` filled in.
fn render(value: &Value, processed: &Processed) -> String {
    let param = |name: &str| match processed.parameters.get(name) {
        Some(Param::Text(t)) => Some(t.clone()),
        Some(Param::List(l)) => Some(l.join(",")),
        None => None,
    };
    if let Value::String(s) = value {
        return s.clone();
    }
    if let Some(name) = single(value, "Ref").and_then(Value::as_str) {
        return param(name).unwrap_or_else(|| format!("<{name}>"));
    }
    if let Some(args) = single(value, "Fn::GetAtt").and_then(Value::as_array) {
        let resource = args[0].as_str().unwrap_or("");
        if args[1] == "Arn" && processed.resources[resource]["Type"] == "AWS::Logs::LogGroup" {
            let name = render(
                &processed.resources[resource]["Properties"]["LogGroupName"],
                processed,
            );
            return format!("arn:aws:logs:us-east-1:123456789012:log-group:{name}:*");
        }
        return format!("<{resource}.{}>", args[1]);
    }
    if let Some(Value::String(text)) = single(value, "Fn::Sub") {
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find('}').unwrap_or(after.len());
            let name = &after[..end];
            out.push_str(&param(name).unwrap_or_else(|| format!("<{name}>")));
            rest = &after[(end + 1).min(after.len())..];
        }
        out.push_str(rest);
        return out;
    }
    format!("<{value}>")
}

/// IAM's ArnLike: `*` matches any run of characters, `?` any one.
fn arn_like(pattern: &str, arn: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some((b'*', rest)) => (0..=s.len()).any(|i| go(rest, &s[i..])),
            Some((b'?', rest)) => !s.is_empty() && go(rest, &s[1..]),
            Some((c, rest)) => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    go(pattern.as_bytes(), arn.as_bytes())
}

/// The expander itself, on the documented examples: `&{}` removes non-alphanumerics from the
/// output key, `${}` and `Ref` fill the value, an empty parameter is one pass over "".
#[test]
fn the_expansion_follows_the_documented_examples() {
    let template: Value = serde_json::json!({
        "Parameters": {"Groups": {"Type": "CommaDelimitedList", "Default": ""}},
        "Resources": {"Fn::ForEach::Topics": ["Name", ["Success", "10.0.2.0/24"], {
            "Topic&{Name}": {"Type": "AWS::SNS::Topic",
                "Properties": {"TopicName": {"Fn::Sub": "${Name}.fifo"}, "DisplayName": {"Ref": "Name"},
                               "Other": {"Ref": {"Fn::Sub": "Queue&{Name}"}}}}}]}
    });
    let parameters = parameters(&template, &[""]);
    let out = expand(template["Resources"].as_object().unwrap(), &parameters).unwrap();
    let keys: Vec<&String> = out.keys().collect();
    assert_eq!(keys, ["Topic1002024", "TopicSuccess"]);
    let topic = &out["Topic1002024"]["Properties"];
    assert_eq!(topic["TopicName"], "10.0.2.0/24.fifo");
    assert_eq!(topic["DisplayName"], "10.0.2.0/24");
    // `&{}` in a value is left as it is, and refers to nothing.
    assert_eq!(topic["Other"]["Ref"], "Queue&{Name}");
    // An empty CommaDelimitedList: one pass, with "".
    let looped = serde_json::json!({"Fn::ForEach::G": ["G", {"Ref": "MonitoredLogGroups"},
        {"Filter&{G}": {"Type": "AWS::Logs::MetricFilter"}}]});
    let out = expand(looped.as_object().unwrap(), &parameters).unwrap();
    assert_eq!(out.keys().collect::<Vec<_>>(), ["Filter"]);
    // Two items that differ only in punctuation collide.
    let colliding = serde_json::json!({"Fn::ForEach::G": ["G", ["/a-b", "/ab"],
        {"Filter&{G}": {"Type": "AWS::Logs::MetricFilter"}}]});
    assert!(expand(colliding.as_object().unwrap(), &parameters)
        .unwrap_err()
        .contains("duplicate"));
    assert!(arn_like(
        "arn:aws:logs:us-east-1:123456789012:log-group:*",
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*"
    ));
    assert!(!arn_like(
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/y:*",
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*"
    ));
}

/// The summarizer's Bedrock grant, evaluated as IAM would for both forms of `BedrockModelId`
/// (Bedrock user guide, "Prerequisites for inference profiles": a call through a profile is
/// authorised on the profile and on the foundation model in the destination region).
#[test]
fn bedrock_grant_covers_foundation_model_and_inference_profile_ids() {
    let template = template();
    // Allowed: may `bedrock:InvokeModel` reach `resource`, with the request's
    // `bedrock:InferenceProfileArn` being `through`?
    let allowed = |model: &str, resource: &str, through: Option<&str>| -> bool {
        let mut processed = process(&template, &[""]).unwrap();
        processed
            .parameters
            .insert("BedrockModelId".into(), Param::Text(model.into()));
        let has_model = !model.is_empty();
        let statements = &processed.resources["LlmSummarizerRole"]["Properties"]["Policies"][0]
            ["PolicyDocument"]["Statement"];
        statements.as_array().unwrap().iter().any(|s| {
            let s = match single(s, "Fn::If").and_then(Value::as_array) {
                Some(args) => {
                    assert_eq!(args[0], "HasBedrockModel", "{s}");
                    if has_model {
                        &args[1]
                    } else {
                        &args[2]
                    }
                }
                None => s,
            };
            let actions: Vec<&str> = match &s["Action"] {
                Value::String(a) => vec![a.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if !actions.contains(&"bedrock:InvokeModel") {
                return false;
            }
            let resources: Vec<String> = match &s["Resource"] {
                Value::Array(r) => r.iter().map(|r| render(r, &processed)).collect(),
                other => vec![render(other, &processed)],
            };
            let condition_holds = match s.get("Condition") {
                None => true,
                Some(c) => {
                    let map = c["StringEquals"].as_object().expect("StringEquals only");
                    map.iter().all(|(key, value)| {
                        key == "bedrock:InferenceProfileArn"
                            && Some(render(value, &processed).as_str()) == through
                    })
                }
            };
            condition_holds && resources.iter().any(|r| arn_like(r, resource))
        })
    };
    let fm = "anthropic.claude-3-haiku-20240307-v1:0";
    let fm_arn =
        |region: &str, id: &str| format!("arn:aws:bedrock:{region}::foundation-model/{id}");
    assert!(allowed(fm, &fm_arn("us-east-1", fm), None));
    assert!(
        !allowed(fm, &fm_arn("us-west-2", fm), None),
        "other regions"
    );
    assert!(!allowed(
        fm,
        &fm_arn("us-east-1", "anthropic.claude-3-opus-20240229-v1:0"),
        None
    ));

    let profile = "us.anthropic.claude-3-5-haiku-20241022-v1:0";
    let base = "anthropic.claude-3-5-haiku-20241022-v1:0";
    let profile_arn = format!("arn:aws:bedrock:us-east-1:123456789012:inference-profile/{profile}");
    assert!(allowed(profile, &profile_arn, None), "the profile itself");
    for region in ["us-east-1", "us-east-2", "us-west-2"] {
        assert!(
            allowed(profile, &fm_arn(region, base), Some(&profile_arn)),
            "the model in {region}, through the profile"
        );
        assert!(
            !allowed(profile, &fm_arn(region, base), None),
            "the model in {region} directly"
        );
    }
    let other_profile = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-2-1b-instruct-v1:0";
    assert!(!allowed(profile, other_profile, None));
    assert!(!allowed(
        profile,
        &fm_arn("us-east-2", "meta.llama3-2-1b-instruct-v1:0"),
        Some(other_profile)
    ));
    // Empty: no Bedrock statement at all.
    assert!(!allowed("", &fm_arn("us-east-1", fm), None));
    assert!(!allowed("", &profile_arn, None));
}

/// A resource kept on delete (`Retain`) that has a fixed physical name outlives a failed first
/// create, and every retry then fails with "already exists". `RetainExceptOnCreate` deletes it
/// when the stack's own create rolls back and keeps it in every other case; a replacement
/// still keeps the old one (`UpdateReplacePolicy: Retain`).
#[test]
fn retained_resources_with_fixed_names_survive_a_failed_first_create() {
    const NAME_PROPERTIES: [&str; 6] = [
        "TableName",
        "LogGroupName",
        "QueueName",
        "TopicName",
        "BucketName",
        "FunctionName",
    ];
    let processed = process(&template(), &["/aws/lambda/orders"]).unwrap();
    let mut bad = Vec::new();
    let mut retained = 0;
    for (id, resource) in &processed.all {
        let named = NAME_PROPERTIES
            .iter()
            .any(|p| resource["Properties"].get(*p).is_some());
        match resource["DeletionPolicy"].as_str() {
            Some("Retain") if named => bad.push(format!("{id}: Retain with a fixed name")),
            Some("RetainExceptOnCreate") => {
                retained += 1;
                if resource["UpdateReplacePolicy"] != "Retain" {
                    bad.push(format!("{id}: a replacement would delete the old one"));
                }
            }
            _ => {}
        }
    }
    assert!(bad.is_empty(), "{}: {bad:?}", template_path());
    let table = &processed.resources["IncidentsTable"];
    assert_eq!(table["DeletionPolicy"], "RetainExceptOnCreate");
    assert!(retained >= 1);
}

/// Account mode (WatchMode=account) creates nothing per log group, whatever MonitoredLogGroups
/// holds: no metric filter, no subscription filter, no invoke permission for CloudWatch Logs.
/// It creates one account policy delivering to a Kinesis stream the processor reads through a
/// mapping with partial batch responses; groups mode creates none of those.
#[test]
fn account_mode_has_no_per_group_resource() {
    let template = template();
    let count = |p: &Processed, t: &str| p.resources.values().filter(|r| r["Type"] == t).count();
    for (case, groups) in group_lists() {
        let account = process_with(&template, &groups, &[("WatchMode", "account")]).unwrap();
        for per_group in [
            "AWS::Logs::MetricFilter",
            "AWS::Logs::SubscriptionFilter",
            "AWS::Lambda::Permission",
        ] {
            assert_eq!(
                count(&account, per_group),
                0,
                "{case}: {per_group} in account mode"
            );
        }
        assert_eq!(count(&account, "AWS::Logs::AccountPolicy"), 1, "{case}");
        assert_eq!(count(&account, "AWS::Kinesis::Stream"), 1, "{case}");
        // The same resources whatever the list: adding a function changes nothing.
        let ids: BTreeSet<&String> = account.resources.keys().collect();
        let baseline = process_with(&template, &[""], &[("WatchMode", "account")]).unwrap();
        assert_eq!(ids, baseline.resources.keys().collect(), "{case}");

        let groups_mode = process(&template, &groups).unwrap();
        for account_only in ["AWS::Logs::AccountPolicy", "AWS::Kinesis::Stream"] {
            assert_eq!(
                count(&groups_mode, account_only),
                0,
                "{case}: {account_only} in groups mode"
            );
        }
    }

    let account = process_with(
        &template,
        &["/aws/lambda/orders"],
        &[("WatchMode", "account")],
    )
    .unwrap();
    let policy = &account.resources["AccountSubscriptionPolicy"]["Properties"];
    assert_eq!(policy["PolicyType"], "SUBSCRIPTION_FILTER_POLICY");
    assert_eq!(policy["Scope"], "ALL");
    let stream = &account.resources["LogStream"]["Properties"];
    assert_eq!(stream["StreamModeDetails"]["StreamMode"], "ON_DEMAND");
    // The processor's mapping: every setting issue 15 asks for.
    let mappings: Vec<&Value> = account
        .resources
        .values()
        .filter(|r| {
            r["Type"] == "AWS::Lambda::EventSourceMapping"
                && single(&r["Properties"]["EventSourceArn"], "Fn::GetAtt")
                    .and_then(|a| a[0].as_str())
                    == Some("LogStream")
        })
        .collect();
    assert_eq!(mappings.len(), 1);
    let m = &mappings[0]["Properties"];
    assert_eq!(
        single(&m["FunctionName"], "Ref"),
        Some(&Value::from("LogProcessorFunction"))
    );
    assert!(m["MaximumBatchingWindowInSeconds"]
        .as_u64()
        .is_some_and(|s| s > 0));
    assert_eq!(
        m["FunctionResponseTypes"],
        serde_json::json!(["ReportBatchItemFailures"])
    );
    assert_eq!(m["BisectBatchOnFunctionError"], true);
    assert!(m["MaximumRecordAgeInSeconds"]
        .as_u64()
        .is_some_and(|s| (60..=604_800).contains(&s)));
    assert!(m["DestinationConfig"]["OnFailure"]["Destination"].is_object());
    // The role CloudWatch Logs assumes may put records on that stream and nothing else.
    let role = &account.resources["LogsToKinesisRole"]["Properties"];
    assert_eq!(
        role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
        "logs.amazonaws.com"
    );
    let statements = role["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap();
    assert_eq!(statements.len(), 1);
    assert_eq!(statements[0]["Action"], "kinesis:PutRecord");
    assert_eq!(
        single(&statements[0]["Resource"], "Fn::GetAtt"),
        Some(&serde_json::json!(["LogStream", "Arn"]))
    );
    // Alerting without per-group filters: the failure alarm and the pipeline alarm.
    for alarm in ["AccountFailureAlarm", "PipelineStalledAlarm"] {
        assert!(account.resources.contains_key(alarm), "{alarm}");
    }
    assert!(!account.resources.contains_key("FailureAlarm"));
    assert_eq!(
        account.resources["PipelineStalledAlarm"]["Properties"]["TreatMissingData"], "breaching",
        "a stream nobody reads is an alarm, not silence"
    );
}
