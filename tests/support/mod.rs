//! Shared helpers for the integration tests.
//!
//! Use from a test file with `mod support;` and then, for example,
//! `support::moto::shared().endpoint()`.
#![allow(dead_code)]

pub mod arb;
pub mod engine;
pub mod faultproxy;
pub mod moto;
