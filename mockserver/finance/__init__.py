"""Finance: the settlement ledger (statements, transactions, payments, withdrawals) fed by the domain events."""
