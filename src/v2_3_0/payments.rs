//! Payments module (new in 2.3.0): payment terminals of a Payment Terminal Provider (PTP),
//! their assignment to locations and EVSEs, and the financial advice confirmations that
//! report what was captured for a session paid at a terminal.
//!
//! Spec: 2.3.0 mod_payments.asciidoc

use super::tariffs::Price;
use crate::types::{
    ocpi_enum, ocpi_object, CiString, CountryCode, DateTime, PartyId, Tolerant, Url,
};
use crate::v2_2_1::locations::GeoLocation;

ocpi_object! {
    /// One physical payment terminal, mapping it to the locations and/or EVSEs it serves and
    /// carrying payment-related configuration (customer reference, invoice URL).
    ///
    /// Spec: 2.3.0 mod_payments.asciidoc §Terminal Object
    pub struct Terminal {
        /// Unique ID of the terminal, set by the PTP. The PUT example
        /// `payment_terminal_put_update.json` omits it, and the spec lets an activation
        /// request leave it out.
        lax terminal_id: CiString<36>,
        /// Links the terminal to a CSMS; may also come from the order process.
        opt customer_reference: CiString<36>,
        /// Party ID, an alternative to `customer_reference`.
        opt party_id: PartyId,
        /// Country code, an alternative to `customer_reference`.
        opt country_code: CountryCode,
        /// Street/block name and house number if available.
        opt address: CiString<45>,
        /// City or town.
        opt city: CiString<45>,
        /// Postal code of the terminal; omitted only when there is none.
        opt postal_code: CiString<10>,
        /// State or province, only where relevant.
        opt state: CiString<20>,
        /// ISO 3166-1 alpha-3 code of the country of the terminal.
        opt country: CiString<3>,
        /// Coordinates of the terminal.
        opt coordinates: GeoLocation,
        /// Base URL of the downloadable invoice (the authorization reference is appended).
        /// The PUT example `payment_terminal_put_update.json` sends `"someNewURL"`, not an
        /// absolute URL: such a value is kept verbatim and reported.
        opt invoice_base_url: Tolerant<Url>,
        /// Which party creates the invoice for the driver.
        opt invoice_creator: InvoiceCreator,
        /// Mapping value issued by the PTP (e.g. a serial number), used for activation.
        opt reference: CiString<36>,
        /// All locations assigned to this terminal.
        opt location_ids: Vec<CiString<36>>,
        /// All EVSEs assigned to this terminal; with `location_ids`, every EVSE of both is
        /// enabled.
        opt evse_uids: Vec<CiString<36>>,
        /// When this terminal was last updated (or created). The minimal POST example
        /// `payment_terminal_create_minimal.json` omits it.
        lax last_updated: DateTime,
    }
    patch TerminalPatch;
}

ocpi_object! {
    /// The financial outcome of a payment made at a terminal for one session: captured
    /// amount, capture status and the EFT data the invoice must show.
    ///
    /// Spec: 2.3.0 mod_payments.asciidoc §Financial Advice Confirmation Object
    pub struct FinancialAdviceConfirmation {
        /// Unique ID of this financial advice confirmation.
        req id: CiString<36>,
        /// Reference to the authorization given by the PTP in Commands.StartSession; maps the
        /// payment to the session and CDR.
        req authorization_reference: CiString<36>,
        /// Amount actually captured at the PSP: a consumer price with VAT, as a 2.3.0 Price
        /// (`before_taxes`, `taxes`). Every official example sends the 2.2.1 form
        /// (`excl_vat`, `incl_vat`) instead: such a value is kept verbatim and reported.
        req total_costs: Tolerant<Price>,
        /// ISO-4217 code of the currency.
        req currency: CiString<3>,
        /// Invoice-relevant data from the payment, one line per element (one or more, each 1
        /// to 255 characters). The failure example
        /// `payment_financial_advice_confirmation_example_failure.json` omits it.
        lax eft_data: Vec<CiString<255>>,
        /// Outcome of the capture.
        req capture_status_code: CaptureStatusCode,
        /// Message about any error in the capture (1 to 255 characters).
        opt capture_status_message: CiString<255>,
        /// When this financial advice confirmation was last updated (or created).
        req last_updated: DateTime,
    }
}

ocpi_enum! {
    /// Which party issues the invoice for the driver.
    ///
    /// Spec: 2.3.0 mod_payments.asciidoc §InvoiceCreator enum
    pub enum InvoiceCreator {
        /// The CPO issues the invoice, available at `invoice_base_url` + authorization
        /// reference.
        Cpo = "CPO",
        /// The PTP issues the invoice and shows/provides it to the driver directly via the
        /// payment terminal.
        Ptp = "PTP",
    }
}

ocpi_enum! {
    /// The outcome of the payment capture after a transaction at a charging station.
    ///
    /// Spec: 2.3.0 mod_payments.asciidoc §CaptureStatusCode enum
    pub enum CaptureStatusCode {
        /// The capture completed without issues: funds are secured and will be settled; all
        /// checks (fraud, card validation) passed.
        Success = "SUCCESS",
        /// Only part of the amount was approved, or the payment's conditions were altered
        /// (insufficient balance, issuer limits).
        PartialSuccess = "PARTIAL_SUCCESS",
        /// The capture failed (insufficient funds, expired card, network issues, refusal by
        /// the issuer, …).
        Failed = "FAILED",
    }
}
