//! Tests of the `ocpi` command line.
