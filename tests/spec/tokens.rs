//! The Tokens checks that 2.2.1 and 2.3.0 share, run against each version: the official
//! examples, the official PATCH example, and the refusals of PATCH nulls and duplicate keys.
//! What only one version has stays in its own file.

/// The shared checks, in a module named after the version they run against.
macro_rules! shared_token_checks {
    ($v:ident, $version:literal) => {
        pub(crate) mod $v {
            use crate::common::{assert_contains, assert_refused, clean_fixture, fixture};
            use ocpi_protocol::json::{parse, ErrorCategory};
            use ocpi_protocol::types::DateTime;
            use ocpi_protocol::$v::sessions::ProfileType;
            use ocpi_protocol::$v::tokens::{Token, TokenPatch, TokenType, WhitelistType};

            /// An official Token example.
            pub(crate) fn token_fixture(name: &str) -> Token {
                parse::<Token>(fixture($version, name).as_bytes())
                    .unwrap()
                    .value
            }

            #[test]
            fn official_token_examples_round_trip() {
                let app = clean_fixture::<Token>($version, "token_example_1_app_user.json");
                let t = &app.value;
                assert_eq!(t.country_code, "DE");
                assert_eq!(t.party_id, "TNM");
                assert_eq!(t.uid, "bdf21bce-fc97-11e8-8eb2-f2801f1b9fd1");
                assert_eq!(t.r#type, TokenType::AppUser);
                assert_eq!(t.contract_id, "DE8ACC12E46L89");
                assert_eq!(t.issuer, "TheNewMotion");
                assert_eq!(t.whitelist, WhitelistType::Allowed);
                assert!(t.valid);
                assert_eq!(t.visual_number, None);
                assert_eq!(t.energy_contract, None);
                assert!(t.unknown_fields.is_empty());

                let rfid = clean_fixture::<Token>($version, "token_example_2_full_rfid.json");
                let t = &rfid.value;
                assert_eq!(t.r#type, TokenType::Rfid);
                assert_eq!(t.visual_number.as_deref(), Some("DF000-2001-8999-1"));
                assert_eq!(
                    t.group_id.as_ref().map(|g| g.as_str()),
                    Some("DF000-2001-8999")
                );
                assert_eq!(t.language.as_deref(), Some("it"));
                assert_eq!(t.default_profile_type, Some(ProfileType::Green));
                let ec = t.energy_contract.as_ref().unwrap();
                assert_eq!(ec.supplier_name, "Greenpeace Energy eG");
                assert_eq!(ec.contract_id.as_deref(), Some("0123456789"));
                assert!(t.unknown_fields.is_empty());

                let put = clean_fixture::<Token>($version, "token_put_example.json");
                assert_eq!(put.value.whitelist, WhitelistType::Always);
                assert_eq!(put.value.uid, "012345678");
                assert_eq!(put.value.group_id.as_ref().unwrap(), "DF000-2001-8999");
                assert_eq!(
                    put.value.last_updated,
                    "2015-06-29T22:39:09Z".parse::<DateTime>().unwrap()
                );
            }

            #[test]
            fn official_patch_example_invalidates_a_token() {
                let p = clean_fixture::<TokenPatch>($version, "token_patch_example.json");
                assert_eq!(p.value.valid, Some(false));
                assert!(p.value.uid.is_none());
                assert!(p.value.r#type.is_none());
                assert!(p.value.visual_number.is_absent());

                let before = token_fixture("token_put_example.json");
                let mut after = before.clone();
                p.value.apply_to(&mut after);

                assert!(before.valid);
                assert!(!after.valid);
                assert_eq!(
                    after.last_updated,
                    "2019-06-19T02:11:11Z".parse::<DateTime>().unwrap()
                );
                // Everything else is unchanged.
                let mut expected = before.clone();
                expected.valid = false;
                expected.last_updated = after.last_updated;
                assert_eq!(after, expected);
                assert_ne!(after, before);
            }

            #[test]
            fn patch_null_for_required_field_is_refused() {
                for (json, path) in [
                    (
                        r#"{"valid":null,"last_updated":"2019-06-19T02:11:11Z"}"#,
                        "valid",
                    ),
                    (r#"{"last_updated":null}"#, "last_updated"),
                    (
                        r#"{"type":null,"last_updated":"2019-06-19T02:11:11Z"}"#,
                        "type",
                    ),
                ] {
                    let e = parse::<TokenPatch>(json.as_bytes()).unwrap_err();
                    assert_eq!(e.path, path, "{json}");
                    assert_eq!(e.category, ErrorCategory::Data);
                    assert_contains(&e.message, "null");
                }
                let e = parse::<TokenPatch>(br#"{"valid":false,"valid":true}"#).unwrap_err();
                assert_contains(&e.message, "duplicate field `valid`");
            }

            #[test]
            fn a_duplicate_key_is_refused_at_the_key() {
                // Duplicate key, reported at the key.
                let dup = fixture($version, "token_put_example.json").replacen(
                    "\"valid\": true,",
                    "\"valid\": true, \"valid\": false,",
                    1,
                );
                assert_eq!(dup.matches("\"valid\"").count(), 2);
                assert_refused::<Token>(&dup, "valid", "duplicate field `valid`");
            }
        }
    };
}

shared_token_checks!(v2_2_1, "2.2.1");
shared_token_checks!(v2_3_0, "2.3.0");
