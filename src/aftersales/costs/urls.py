"""Web screens of costs and contractors (namespace ``costs``)."""

from aftersales.costs.views import companies, money

urlpatterns = [*money.urlpatterns, *companies.urlpatterns]
