//! The Payments module (new in 2.3.0): payment terminals for ad hoc payment at charging
//! stations, and the financial outcome of each payment.
//!
//! - The **Sender** interface is the Payment Terminal Provider's (PTP, the data owner). The
//!   CPO pulls Terminals and Financial Advice Confirmations from it, assigns Locations and
//!   EVSEs to a Terminal (PATCH) or updates it (PUT), asks for the activation of a terminal
//!   built into a station (POST `terminals/activate`) and deactivates one (POST
//!   `terminals/{terminal_id}/deactivate`).
//! - The **Receiver** interface is the CPO's. The PTP creates each Terminal there (POST),
//!   pushes a Financial Advice Confirmation after the capture at its payment service provider
//!   when the CPO makes the invoice (POST), and may read both back (GET).
//!
//! ## Endpoints
//!
//! The version details list one `payments` endpoint per interface; the spec's
//! `{payments_terminals_endpoint_url}` and `{payments_financial_advice_confirmation_endpoint_url}`
//! are its `terminals` and `financial-advice-confirmations` sub-paths (the spec's examples:
//! `…/payments/terminals/`, `…/payments/financial-advice-confirmations/`):
//!
//! | interface | method | path under the endpoint |
//! | --- | --- | --- |
//! | Sender | GET | `terminals` (paginated), `terminals/{terminal_id}` |
//! | Sender | PUT, PATCH | `terminals/{terminal_id}` |
//! | Sender | POST | `terminals/activate`, `terminals/{terminal_id}/deactivate` |
//! | Sender | GET | `financial-advice-confirmations` (paginated), `financial-advice-confirmations/{id}` |
//! | Receiver | GET | `terminals/{terminal_id}`, `financial-advice-confirmations/{id}` |
//! | Receiver | POST | `terminals`, `financial-advice-confirmations` |
//!
//! The Receiver URLs carry no `{country_code}/{party_id}`: the spec defines none for this
//! module. Neither object exists before 2.3.0, and neither does the module: its objects
//! cannot cross to an older peer ([`WireError::NotInVersion`]).
//!
//! Spec: 2.3.0 mod_payments.asciidoc §Interfaces and Endpoints

use super::wire::wire;
use super::{interface, ListPage, ListQuery};
use super::{Edge, Wire, WireError};
use crate::types::CiString;
use crate::v2_3_0::payments::{FinancialAdviceConfirmation, Terminal, TerminalPatch};
use crate::versions::OcpiVersion;

interface! {
    /// The Sender interface of Payments, implemented by the PTP.
    ///
    /// The server has checked, before calling: the `terminal_id` of a PUT or PATCH body, when
    /// given, matches the URL (2001).
    ///
    /// Spec: 2.3.0 mod_payments.asciidoc §Sender Interface (§Terminals Interface: GET list,
    /// GET, POST activate, POST deactivate, PUT, PATCH; §Financial Advice Confirmation
    /// Interface: GET list, GET)
    pub trait PaymentsSender as ErasedPaymentsSender {
        /// GET the list of Terminals: the page `query` asks for, filtered on `last_updated`.
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §GET Terminals Method
        fn terminals(&self, ctx: &Context, query: ListQuery) -> ListPage<Terminal>;
        /// GET one Terminal.
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §GET Terminal Method
        fn terminal(&self, ctx: &Context, terminal_id: CiString<36>) -> Terminal;
        /// PUT: the CPO updates a Terminal (customer reference, invoice URL, location
        /// data). The body may leave `terminal_id` out (the URL names it), as the spec's
        /// example does.
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §PUT Terminal Method
        fn put_terminal(&self, ctx: &Context, terminal_id: CiString<36>, terminal: Terminal) -> ();
        /// PATCH: the CPO assigns Location ids and/or EVSE uids to a Terminal ("the sum of
        /// evses will be enabled for this payment terminal"); [`TerminalPatch::apply_to`]
        /// applies it to a stored Terminal.
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §PATCH Terminal Method
        fn patch_terminal(
            &self,
            ctx: &Context,
            terminal_id: CiString<36>,
            patch: TerminalPatch,
        ) -> ();
        /// POST `terminals/activate`: the CPO asks for the activation of a terminal (e.g. one
        /// built into a station, named by its `reference`); `terminal_id` may be absent, the
        /// PTP sets it. The PTP then creates the Terminal at the CPO's Receiver interface.
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §POST Activate Terminal Method
        fn activate_terminal(&self, ctx: &Context, terminal: Terminal) -> ();
        /// POST `terminals/{terminal_id}/deactivate`: the CPO deactivates a terminal (broken,
        /// moved). The request has no body.
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §POST Deactivate Terminal Method
        fn deactivate_terminal(&self, ctx: &Context, terminal_id: CiString<36>) -> ();
        /// GET the list of Financial Advice Confirmations: the page `query` asks for,
        /// filtered on `last_updated`.
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §GET Financial Advice Confirmations Method
        fn financial_advice_confirmations(
            &self,
            ctx: &Context,
            query: ListQuery,
        ) -> ListPage<FinancialAdviceConfirmation>;
        /// GET one Financial Advice Confirmation.
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §GET Financial Advice Confirmation Method
        fn financial_advice_confirmation(
            &self,
            ctx: &Context,
            id: CiString<36>,
        ) -> FinancialAdviceConfirmation;
    }
}

interface! {
    /// The Receiver interface of Payments, implemented by the CPO.
    ///
    /// The server has checked, before calling: a POSTed Terminal has a `terminal_id` (only
    /// the activation request may leave it out), else 2001.
    ///
    /// Spec: 2.3.0 mod_payments.asciidoc §Receiver Interface (§Terminals Interface: GET,
    /// POST; §Financial Advice Confirmation Interface: GET, POST)
    pub trait PaymentsReceiver as ErasedPaymentsReceiver {
        /// GET a Terminal as the CPO holds it.
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §Receiver Interface §GET Terminal Method
        fn terminal(&self, ctx: &Context, terminal_id: CiString<36>) -> Terminal;
        /// POST a new Terminal (a newly shipped one, or one the CPO asked to activate).
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §POST Terminal Method
        fn post_terminal(&self, ctx: &Context, terminal: Terminal) -> ();
        /// GET a Financial Advice Confirmation as the CPO holds it.
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §Receiver Interface §GET Financial Advice
        /// Confirmation Method
        fn financial_advice_confirmation(
            &self,
            ctx: &Context,
            id: CiString<36>,
        ) -> FinancialAdviceConfirmation;
        /// POST a new Financial Advice Confirmation: the capture status and the EFT data for
        /// the invoice of the session whose StartSession carried its
        /// `authorization_reference`.
        ///
        /// Spec: 2.3.0 mod_payments.asciidoc §POST Financial Advice Confirmation Method
        fn post_financial_advice_confirmation(
            &self,
            ctx: &Context,
            confirmation: FinancialAdviceConfirmation,
        ) -> ();
    }
}

wire!(Terminal, "Terminal" { v2_3_0: only; });

/// A Terminal in the body of an activation request, which may leave out `terminal_id` (the
/// PTP sets it); every other field as the Terminal object requires.
///
/// Spec: 2.3.0 mod_payments.asciidoc §POST Method (activate): "The terminal_id is optional in
/// the activation request as it will be set by the PTP. The cardinality for the remaining
/// fields stays the same."
pub(crate) struct TerminalActivation<'a>(pub(crate) &'a Terminal);

impl Wire for TerminalActivation<'_> {
    const NAME: &'static str = "Terminal";

    fn read(_: &[u8], edge: &Edge<'_>) -> Result<Self, WireError> {
        // Only ever written: the server reads an activation as a Terminal.
        Err(super::wire::not_in(
            "Terminal activation read",
            edge.version,
        ))
    }

    fn write_into(&self, edge: &Edge<'_>, out: &mut Vec<u8>) -> Result<(), WireError> {
        match edge.version {
            OcpiVersion::V2_3_0 => super::wire::put_allowing(self.0, edge, Self::NAME, out, |w| {
                w.path == "terminal_id"
            }),
            version => Err(super::wire::not_in(Self::NAME, version)),
        }
    }
}
wire!(TerminalPatch, "Terminal PATCH" { v2_3_0: only; });
wire!(FinancialAdviceConfirmation, "FinancialAdviceConfirmation" { v2_3_0: only; });
