"""Web screens of the front desk: ``base`` (the lists, their filters and Excel exports),
``paid`` (paid services, price list, remittances), ``locks``, ``residents`` (mail,
renovation, release slips and the guard's phone page)."""
