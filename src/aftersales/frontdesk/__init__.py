"""Resident services at the front desk (requirements §11, R-SVC-1..5): paid services, lock
break/change, mail and material distribution, renovation and item release slips."""
