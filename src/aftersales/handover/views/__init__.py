"""Screens of the handover app: the desk, the phone inspection, custodial houses, reports."""
