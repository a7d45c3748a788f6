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

    /// GET one Terminal.
    pub async fn terminal(&self, terminal_id: &str) -> Result<Terminal, ClientError> {
        let url = join(self.url, &[TERMINALS, terminal_id]);
        self.client.get(&url, None).await
    }

    /// PUT a Terminal (its `terminal_id` may be absent: `terminal_id` names it).
    pub async fn put_terminal(
        &self,
        terminal_id: &str,
        terminal: &Terminal,
    ) -> Result<(), ClientError> {
        let url = join(self.url, &[TERMINALS, terminal_id]);
        self.client.push(Method::PUT, &url, terminal, None).await
    }

    /// PATCH a Terminal (e.g. assign `location_ids` and `evse_uids`).
    pub async fn patch_terminal(
        &self,
        terminal_id: &str,
        patch: &TerminalPatch,
    ) -> Result<(), ClientError> {
        let url = join(self.url, &[TERMINALS, terminal_id]);
        self.client.push(Method::PATCH, &url, patch, None).await
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

    /// GET one Financial Advice Confirmation.
    pub async fn financial_advice_confirmation(
        &self,
        id: &str,
    ) -> Result<FinancialAdviceConfirmation, ClientError> {
        let url = join(self.url, &[CONFIRMATIONS, id]);
        self.client.get(&url, None).await
    }
}

impl<T: Transport> PaymentsReceiverClient<'_, T> {
    /// GET a Terminal as the CPO holds it.
    pub async fn terminal(&self, terminal_id: &str) -> Result<Terminal, ClientError> {
        let url = join(self.url, &[TERMINALS, terminal_id]);
        self.client.get(&url, None).await
    }

    /// POST a new Terminal (it must carry its `terminal_id`).
    pub async fn post_terminal(&self, terminal: &Terminal) -> Result<(), ClientError> {
        let url = join(self.url, &[TERMINALS]);
        self.client.push(Method::POST, &url, terminal, None).await
    }

    /// GET a Financial Advice Confirmation as the CPO holds it.
    pub async fn financial_advice_confirmation(
        &self,
        id: &str,
    ) -> Result<FinancialAdviceConfirmation, ClientError> {
        let url = join(self.url, &[CONFIRMATIONS, id]);
        self.client.get(&url, None).await
    }

    /// POST a new Financial Advice Confirmation.
    pub async fn post_financial_advice_confirmation(
        &self,
        confirmation: &FinancialAdviceConfirmation,
    ) -> Result<(), ClientError> {
        let url = join(self.url, &[CONFIRMATIONS]);
        self.client
            .push(Method::POST, &url, confirmation, None)
            .await
    }
}
