"""Costs and contractors (requirements §9): spending approval, final accounts, settlements,
the contractors' quality-guarantee deposit ledger, revolving funds and evaluation."""
