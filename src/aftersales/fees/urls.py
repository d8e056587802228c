"""Web screens of fees (namespace ``fees``)."""

from aftersales.fees.views import arrears, bills, collections, owner, standards

urlpatterns = [
    *bills.urlpatterns,
    *arrears.urlpatterns,
    *collections.urlpatterns,
    *standards.urlpatterns,
    *owner.urlpatterns,
]
