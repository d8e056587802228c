"""Web screens of costs and contractors: money (approvals, accounts, settlements, payments) and companies (contractors, ledgers, funds, evaluation)."""
