//! The template as CloudFormation's `AWS::LanguageExtensions` transform documents it, not as
//! the local tools tolerate it. cfn-lint and `sam validate` substitute `&{…}` wherever it
//! appears; CloudFormation does so only in a loop's output keys (the logical ids), so a
//! reference spelt with `&{…}` in a property value survives into the processed template and
//! the create fails with "Unresolved resource dependencies [X&{Id}]".
//!
//! The documented semantics this file encodes:
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

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const TEMPLATE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../infra/cloudformation/template.yaml"
);

const PSEUDO_PARAMETERS: [(&str, &str); 8] = [
    ("AWS::AccountId", "123456789012"),
    ("AWS::Region", "us-east-1"),
    ("AWS::Partition", "aws"),
    ("AWS::StackName", "logtriage"),
    (
        "AWS::StackId",
        "arn:aws:cloudformation:us-east-1:123456789012:stack/logtriage/x",
    ),
    ("AWS::URLSuffix", "amazonaws.com"),
    ("AWS::NoValue", ""),
    ("AWS::NotificationARNs", ""),
];

/// The watched-group lists the loop must survive. Names carry `/`, `-` and `_`, which `&{}`
/// removes from logical ids (none of the three collide once removed).
fn group_lists() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("the default, empty parameter ([\"\"])", vec![""]),
        ("a literal empty list", vec![]),
        ("one group", vec!["/aws/lambda/orders"]),
        (
            "three groups with / - _",
            vec![
                "/aws/lambda/orders-api",
                "/aws/lambda/pay_ments",
                "/custom/batch-jobs_v2",
            ],
        ),
    ]
}

/// The template's WatchMode values (issue 15): per-group filters, or one account policy.
const WATCH_MODES: [&str; 2] = ["groups", "account"];

fn template_path() -> String {
    std::env::var("LOGTRIAGE_TEMPLATE").unwrap_or_else(|_| TEMPLATE.to_string())
}

/// The template as JSON, with YAML short forms (`!Ref`, `!GetAtt a.b`, `!Sub`…) written out
/// in their long forms, as CloudFormation reads them.
fn template() -> Value {
    let path = template_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    long_form(&yaml)
}

fn long_form(value: &serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => serde_json::to_value(n).unwrap(),
        Y::String(s) => Value::String(s.clone()),
        Y::Sequence(items) => Value::Array(items.iter().map(long_form).collect()),
        Y::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s.clone(),
                        other => serde_yaml::to_string(other).unwrap().trim().to_string(),
                    };
                    (key, long_form(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let inner = long_form(&tagged.value);
            let (key, inner) = match name {
                "Ref" | "Condition" => (name.to_string(), inner),
                "GetAtt" => {
                    let inner = match inner {
                        Value::String(s) => {
                            let (resource, attribute) = s.split_once('.').unwrap_or((&s, ""));
                            serde_json::json!([resource, attribute])
                        }
                        other => other,
                    };
                    ("Fn::GetAtt".to_string(), inner)
                }
                other => (format!("Fn::{other}"), inner),
            };
            Value::Object(Map::from_iter([(key, inner)]))
        }
    }
}

/// `&{…}` keeps letters and digits only.
fn alphanumeric(item: &str) -> String {
    item.chars().filter(char::is_ascii_alphanumeric).collect()
}

fn single<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let map = value.as_object()?;
    (map.len() == 1).then(|| map.get(key)).flatten()
}

/// The OutputValue for one item: `Ref: Identifier` becomes the item, `${Identifier}` in a
/// `Fn::Sub` string becomes the item. `&{Identifier}` is left alone, as CloudFormation does.
fn substitute(value: &Value, identifier: &str, item: &str) -> Value {
    let placeholder = format!("${{{identifier}}}");
    match value {
        Value::Object(map) => {
            if single(value, "Ref").and_then(Value::as_str) == Some(identifier) {
                return Value::String(item.to_string());
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        let v = match (k.as_str(), v) {
                            ("Fn::Sub", Value::String(s)) => {
                                Value::String(s.replace(&placeholder, item))
                            }
                            ("Fn::Sub", Value::Array(parts)) if !parts.is_empty() => {
                                let mut parts = parts.clone();
                                if let Value::String(s) = &parts[0] {
                                    parts[0] = Value::String(s.replace(&placeholder, item));
                                }
                                for part in parts.iter_mut().skip(1) {
                                    *part = substitute(part, identifier, item);
                                }
                                Value::Array(parts)
                            }
                            _ => substitute(v, identifier, item),
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| substitute(v, identifier, item))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A `Fn::Sub` with nothing left to substitute is its string (`Ref: !Sub X${Id}` is how the
/// documented examples name a sibling resource). With `select`, also what the transform
/// evaluates on its own when it can: `Fn::Select` of a literal index in a literal list is that
/// element, so references in the other elements vanish.
fn fold(value: &Value, select: bool) -> Value {
    match value {
        Value::Object(map) => {
            let folded: Map<String, Value> = map
                .iter()
                .map(|(k, v)| (k.clone(), fold(v, select)))
                .collect();
            let folded = Value::Object(folded);
            if let Some(Value::String(s)) = single(&folded, "Fn::Sub") {
                if !s.contains("${") {
                    return Value::String(s.clone());
                }
            }
            if let (true, Some(Value::Array(args))) = (select, single(&folded, "Fn::Select")) {
                let index = match args.first() {
                    Some(Value::Number(n)) => n.as_u64(),
                    Some(Value::String(s)) => s.parse().ok(),
                    _ => None,
                };
                if let (Some(index), Some(Value::Array(list))) = (index, args.get(1)) {
                    if let Some(element) = list.get(index as usize) {
                        return element.clone();
                    }
                }
            }
            folded
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| fold(v, select)).collect()),
        other => other.clone(),
    }
}

/// One section (Resources, Outputs or Conditions) with every `Fn::ForEach::*` expanded.
fn expand(
    section: &Map<String, Value>,
    parameters: &BTreeMap<String, Param>,
) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    let insert = |key: String, value: Value, out: &mut Map<String, Value>| {
        if out.insert(key.clone(), value).is_some() {
            Err(format!(
                "two entries expand to the logical id {key:?} (a duplicate)"
            ))
        } else {
            Ok(())
        }
    };
    for (key, value) in section {
        let Some(_) = key.strip_prefix("Fn::ForEach::") else {
            insert(key.clone(), value.clone(), &mut out)?;
            continue;
        };
        let parts = value.as_array().filter(|p| p.len() == 3).ok_or_else(|| {
            format!("{key}: not [Identifier, Collection, OutputKey: OutputValue]")
        })?;
        let identifier = parts[0]
            .as_str()
            .ok_or_else(|| format!("{key}: the identifier is not a string"))?;
        let items: Vec<String> = match &parts[1] {
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| format!("{key}: a collection item is not a string"))?,
            other => match single(other, "Ref").and_then(Value::as_str) {
                Some(name) => match parameters.get(name) {
                    Some(Param::List(items)) => items.clone(),
                    _ => return Err(format!("{key}: {name} is not a list parameter")),
                },
                None => return Err(format!("{key}: unsupported collection {other}")),
            },
        };
        let body = parts[2]
            .as_object()
            .ok_or_else(|| format!("{key}: the fragment is not a mapping"))?;
        for item in &items {
            let mut pass = Map::new();
            for (output_key, output_value) in body {
                let expanded_key = output_key
                    .replace(&format!("${{{identifier}}}"), item)
                    .replace(&format!("&{{{identifier}}}"), &alphanumeric(item));
                pass.insert(expanded_key, substitute(output_value, identifier, item));
            }
            // Nested loops, now that this loop's identifier is filled in.
            for (k, v) in expand(&pass, parameters)? {
                insert(k, fold(&v, false), &mut out)?;
            }
        }
    }
    Ok(out)
}

#[derive(Clone, Debug)]
enum Param {
    Text(String),
    List(Vec<String>),
}

/// Parameter values: each parameter's default, with `MonitoredLogGroups` set to `groups`.
fn parameters(template: &Value, groups: &[&str]) -> BTreeMap<String, Param> {
    let mut out = BTreeMap::new();
    for (name, spec) in template["Parameters"].as_object().expect("Parameters") {
        let default = match &spec["Default"] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        let list = spec["Type"]
            .as_str()
            .is_some_and(|t| t == "CommaDelimitedList" || t.starts_with("List<"));
        out.insert(
            name.clone(),
            if list {
                // A CommaDelimitedList is its text split on commas: "" is [""].
                Param::List(default.split(',').map(str::to_string).collect())
            } else {
                Param::Text(default)
            },
        );
    }
    out.insert(
        "MonitoredLogGroups".into(),
        Param::List(groups.iter().map(|g| g.to_string()).collect()),
    );
    for (name, value) in PSEUDO_PARAMETERS {
        out.insert(name.into(), Param::Text(value.into()));
    }
    out
}

/// A value as the condition functions see it.
fn evaluate(value: &Value, parameters: &BTreeMap<String, Param>) -> Param {
    if let Some(name) = single(value, "Ref").and_then(Value::as_str) {
        return parameters
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("condition refers to {name}, which is not a parameter"));
    }
    if let Some(Value::Array(args)) = single(value, "Fn::Join") {
        let separator = args[0].as_str().expect("Fn::Join separator");
        let items = match evaluate(&args[1], parameters) {
            Param::List(items) => items,
            Param::Text(t) => vec![t],
        };
        return Param::Text(items.join(separator));
    }
    match value {
        Value::String(s) => Param::Text(s.clone()),
        Value::Array(items) => Param::List(
            items
                .iter()
                .map(|i| match evaluate(i, parameters) {
                    Param::Text(t) => t,
                    Param::List(l) => l.join(","),
                })
                .collect(),
        ),
        other => panic!("unsupported value in a condition: {other}"),
    }
}

fn condition(
    value: &Value,
    conditions: &Map<String, Value>,
    parameters: &BTreeMap<String, Param>,
) -> bool {
    let args = |name: &str| single(value, name).and_then(Value::as_array);
    if let Some(name) = single(value, "Condition").and_then(Value::as_str) {
        return condition(&conditions[name], conditions, parameters);
    }
    if let Some(a) = args("Fn::Not") {
        return !condition(&a[0], conditions, parameters);
    }
    if let Some(a) = args("Fn::And") {
        return a.iter().all(|c| condition(c, conditions, parameters));
    }
    if let Some(a) = args("Fn::Or") {
        return a.iter().any(|c| condition(c, conditions, parameters));
    }
    if let Some(a) = args("Fn::Equals") {
        let text = |p: Param| match p {
            Param::Text(t) => t,
            Param::List(l) => l.join(","),
        };
        return text(evaluate(&a[0], parameters)) == text(evaluate(&a[1], parameters));
    }
    panic!("unsupported condition {value}")
}

/// The processed template for one list of watched groups: loops expanded, conditions
/// evaluated, resources whose condition is false removed.
struct Processed {
    parameters: BTreeMap<String, Param>,
    conditions: BTreeMap<String, bool>,
    /// Every resource the loops produce, whatever its condition.
    all: Map<String, Value>,
    /// The resources whose condition holds.
    resources: Map<String, Value>,
    outputs: Map<String, Value>,
}

fn process(template: &Value, groups: &[&str]) -> Result<Processed, String> {
    process_with(template, groups, &[])
}

/// [`process`] with some parameters set (for example `WatchMode=account`).
fn process_with(
    template: &Value,
    groups: &[&str],
    overrides: &[(&str, &str)],
) -> Result<Processed, String> {
    let mut parameters = parameters(template, groups);
    for (name, value) in overrides {
        if !parameters.contains_key(*name) {
            return Err(format!("{name} is not a parameter"));
        }
        parameters.insert((*name).to_string(), Param::Text((*value).to_string()));
    }
    let empty = Map::new();
    let raw_conditions = expand(
        template["Conditions"].as_object().unwrap_or(&empty),
        &parameters,
    )?;
    let conditions: BTreeMap<String, bool> = raw_conditions
        .iter()
        .map(|(k, v)| (k.clone(), condition(v, &raw_conditions, &parameters)))
        .collect();
    let all = expand(
        template["Resources"].as_object().expect("Resources"),
        &parameters,
    )?;
    let mut resources = Map::new();
    for (id, resource) in all.clone() {
        let keep = match resource.get("Condition") {
            None => true,
            Some(Value::String(name)) => *conditions
                .get(name)
                .ok_or_else(|| format!("{id}: unknown condition {name}"))?,
            Some(other) => return Err(format!("{id}: Condition is not a name: {other}")),
        };
        if keep {
            resources.insert(id, resource);
        }
    }
    let outputs = expand(
        template["Outputs"].as_object().unwrap_or(&empty),
        &parameters,
    )?;
    Ok(Processed {
        parameters,
        conditions,
        all,
        resources,
        outputs,
    })
}

/// Every logical id a value refers to (`Ref`, `Fn::GetAtt`, `${X}` / `${X.Attr}` in
/// `Fn::Sub`). With `conditions`, the branch of each `Fn::If` that its condition leaves out
/// is skipped (what is evaluated at run time); without, both count (what the template format
/// check sees).
fn references(value: &Value, conditions: Option<&BTreeMap<String, bool>>, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(args)) = single(value, "Fn::If") {
                let name = args[0].as_str().expect("Fn::If condition name");
                for (i, branch) in args.iter().enumerate().skip(1) {
                    let taken = match conditions.and_then(|c| c.get(name)) {
                        Some(true) => i == 1,
                        Some(false) => i == 2,
                        None => true,
                    };
                    if taken {
                        references(branch, conditions, out);
                    }
                }
                return;
            }
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("Ref", Value::String(target)) => out.push(target.clone()),
                    ("Ref", other) => out.push(format!("<Ref of a non-string: {other}>")),
                    ("Fn::GetAtt", Value::Array(args)) => match args.first() {
                        Some(Value::String(target)) => out.push(target.clone()),
                        other => out.push(format!("<GetAtt of a non-string: {other:?}>")),
                    },
                    ("Fn::Sub", sub) => {
                        let (text, variables) = match sub {
                            Value::String(s) => (s.as_str(), None),
                            Value::Array(parts) => (parts[0].as_str().unwrap_or(""), parts.get(1)),
                            _ => ("", None),
                        };
                        let named: BTreeSet<&str> = variables
                            .and_then(Value::as_object)
                            .map(|m| m.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        let mut rest = text;
                        while let Some(start) = rest.find("${") {
                            let after = &rest[start + 2..];
                            let end = after.find('}').unwrap_or(after.len());
                            let name = &after[..end];
                            if !name.starts_with('!') {
                                let target = name.split('.').next().unwrap_or(name);
                                if !named.contains(name) && !named.contains(target) {
                                    out.push(target.to_string());
                                }
                            }
                            rest = &after[end.min(after.len())..];
                        }
                        if let Some(v) = variables {
                            references(v, conditions, out);
                        }
                    }
                    _ => references(v, conditions, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, conditions, out)),
        _ => {}
    }
}

fn depends_on(resource: &Value) -> Vec<String> {
    match resource.get("DependsOn") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| format!("<{i}>"), str::to_string))
            .collect(),
        Some(other) => vec![format!("<DependsOn is not a name: {other}>")],
        None => vec![],
    }
}

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
