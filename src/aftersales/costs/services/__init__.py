"""The actions of the money side (§9); each business rule is one function here.

* :mod:`.contractors` — contractor companies and the transfer of work to them (R-DSP-8);
* :mod:`.approvals` — spending approval before work, by amount (R-CST-1);
* :mod:`.accounts` — final accounts, their review and the settlements (R-CST-2, R-CST-3);
* :mod:`.ledgers` — the deposit ledger per contractor and project, and revolving funds
  (R-CST-3, R-CST-4).
"""
