//! The incidents table's schema as the store creates it (tests, the demo); the template and
//! `infra/incidents-table.json` hold the same, which a test checks.

use super::error::{classify, StoreError};
use super::item::attr;
use super::{FUNCTION_INDEX, STATUS_INDEX};
use aws_sdk_dynamodb::client::Waiters;
use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
    TimeToLiveSpecification,
};
use aws_sdk_dynamodb::Client;
use std::time::Duration;

/// Create the incident table (PK `fingerprint`, on-demand, both GSIs, NEW_AND_OLD_IMAGES
/// stream), wait until it is ACTIVE, and turn on TTL over `ttl`.
pub async fn create_table(client: &Client, name: &str) -> Result<(), StoreError> {
    const OP: &str = "CreateTable";
    let key = |attribute: &str, key_type: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(attribute)
            .key_type(key_type)
            .build()
            .map_err(|e| StoreError::build(OP, e))
    };
    let index = |index_name: &str, partition: &str| -> Result<GlobalSecondaryIndex, StoreError> {
        GlobalSecondaryIndex::builder()
            .index_name(index_name)
            .key_schema(key(partition, KeyType::Hash)?)
            .key_schema(key(attr::LAST_SEEN, KeyType::Range)?)
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::All)
                    .build(),
            )
            .build()
            .map_err(|e| StoreError::build(OP, e))
    };
    // The key attributes of the table and of both indexes.
    let definitions = [
        (attr::FINGERPRINT, ScalarAttributeType::S),
        (attr::STATUS, ScalarAttributeType::S),
        (attr::FUNCTION, ScalarAttributeType::S),
        (attr::LAST_SEEN, ScalarAttributeType::N),
    ]
    .into_iter()
    .map(|(attribute, kind)| {
        AttributeDefinition::builder()
            .attribute_name(attribute)
            .attribute_type(kind)
            .build()
    })
    .collect::<Result<Vec<_>, _>>()
    .map_err(|e| StoreError::build(OP, e))?;
    client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .key_schema(key(attr::FINGERPRINT, KeyType::Hash)?)
        .set_attribute_definitions(Some(definitions))
        .global_secondary_indexes(index(STATUS_INDEX, attr::STATUS)?)
        .global_secondary_indexes(index(FUNCTION_INDEX, attr::FUNCTION)?)
        .stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewAndOldImages)
                .build()
                .map_err(|e| StoreError::build(OP, e))?,
        )
        .send()
        .await
        .map_err(|e| classify(OP, e))?;
    client
        .wait_until_table_exists()
        .table_name(name)
        .wait(Duration::from_secs(300))
        .await
        .map_err(|e| StoreError::Unavailable {
            operation: "DescribeTable",
            message: DisplayErrorContext(&e).to_string(),
        })?;
    client
        .update_time_to_live()
        .table_name(name)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .enabled(true)
                .attribute_name(attr::TTL)
                .build()
                .map_err(|e| StoreError::build("UpdateTimeToLive", e))?,
        )
        .send()
        .await
        .map_err(|e| classify("UpdateTimeToLive", e))?;
    Ok(())
}
