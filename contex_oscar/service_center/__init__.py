"""The store's online service center: warranty checks, service tickets, visits and quotes.

Business rules live in small modules that the API, the staff desk, the demo
data and the tests all call:

- ``warranty``: the warranty rule table and ``evaluate_warranty`` (pure);
- ``kinds``: the seven kinds of service request and the fields each needs;
- ``statuses``: ticket statuses and each flow's legal moves (one table);
- ``logistics``: who pays return shipping, when an on-site visit is due;
- ``services``: creating tickets, changing status, quotes, visits, attachments.
"""
