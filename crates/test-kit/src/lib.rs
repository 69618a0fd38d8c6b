//! Dev-only test harnesses shared by the workspace's tests, in one crate instead of
//! `#[path = "…"]` includes across crates: the local AWS emulator ([`moto`]), a stub of the
//! Amazon Bedrock Converse wire format ([`converse_stub`], NOT Bedrock), and CloudWatch Logs
//! seeding on the emulator ([`logs_seed`], feature `logs`), DynamoDB stream records ([`stream`]).

pub mod converse_stub;
#[cfg(feature = "logs")]
pub mod logs_seed;
pub mod moto;
pub mod stream;
