//! techscan: finds technology transfers out of mainland China in contracts and checks them
//! against the Catalogue of Technologies Prohibited or Restricted from Export.

pub mod error;
pub mod extract;
pub mod model;
pub mod analyze;
pub mod catalogue;
