//! Clients of the Payments module (2.3.0 peers only: an older peer has no endpoint for it,
//! [`ClientError::NoEndpoint`]).
//!
//! Spec: 2.3.0 mod_payments.asciidoc §Interfaces and Endpoints

use http::Method;

use super::{join, ClientError, ListFilter, Listed, PaymentsReceiverClient, PaymentsSenderClient};
use crate::transport::Transport;
use crate::v2_3_0::payments::{FinancialAdviceConfirmation, Terminal, TerminalPatch};

/// The sub-path of Terminals under the module's endpoint.
const TERMINALS: &str = "terminals";
/// The sub-path of Financial Advice Confirmations under the module's endpoint.
const CONFIRMATIONS: &str = "financial-advice-confirmations";

impl<T: Transport> PaymentsSenderClient<'_, T> {
    /// GET every Terminal (every page).
    pub async fn terminals(&self, filter: &ListFilter) -> Result<Listed<Terminal>, ClientError> {
        self.client.list(filter).await
    }

    endpoint_calls! {
        /// GET one Terminal.
        get terminal(terminal_id) under TERMINALS -> Terminal;

        /// PUT a Terminal (its `terminal_id` may be absent: `terminal_id` names it).
        put put_terminal(terminal_id; terminal: Terminal) under TERMINALS;

        /// PATCH a Terminal (e.g. assign `location_ids` and `evse_uids`).
        patch patch_terminal(terminal_id; patch: TerminalPatch) under TERMINALS;
    }

    /// POST `terminals/activate`: asks the PTP to activate a terminal (its `terminal_id`
    /// may be absent).
    pub async fn activate_terminal(&self, terminal: &Terminal) -> Result<(), ClientError> {
        let url = join(self.url, &[TERMINALS, "activate"]);
        let activation = crate::modules::payments::TerminalActivation(terminal);
        self.client
            .push(Method::POST, &url, &activation, None)
            .await
    }

    /// POST `terminals/{terminal_id}/deactivate` (no body).
    pub async fn deactivate_terminal(&self, terminal_id: &str) -> Result<(), ClientError> {
        let url = join(self.url, &[TERMINALS, terminal_id, "deactivate"]);
        self.client.call(Method::POST, &url, None).await.map(drop)
    }

    /// GET every Financial Advice Confirmation (every page).
    pub async fn financial_advice_confirmations(
        &self,
        filter: &ListFilter,
    ) -> Result<Listed<FinancialAdviceConfirmation>, ClientError> {
        self.client.list(filter).await
    }

    endpoint_calls! {
        /// GET one Financial Advice Confirmation.
        get financial_advice_confirmation(id) under CONFIRMATIONS -> FinancialAdviceConfirmation;
    }
}

impl<T: Transport> PaymentsReceiverClient<'_, T> {
    endpoint_calls! {
        /// GET a Terminal as the CPO holds it.
        get terminal(terminal_id) under TERMINALS -> Terminal;

        /// POST a new Terminal (it must carry its `terminal_id`).
        post post_terminal(; terminal: Terminal) under TERMINALS;

        /// GET a Financial Advice Confirmation as the CPO holds it.
        get financial_advice_confirmation(id) under CONFIRMATIONS -> FinancialAdviceConfirmation;

        /// POST a new Financial Advice Confirmation.
        post post_financial_advice_confirmation(; confirmation: FinancialAdviceConfirmation)
            under CONFIRMATIONS;
    }
}
