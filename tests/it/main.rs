//! The one integration-test binary: runs the built `techscan` CLI the way users do.

mod cli;
mod corpus;
mod samples;
mod util;
