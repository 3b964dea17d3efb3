"""Region-based shipping: free delivery in Jabodetabek, weight-and-zone rates elsewhere,
quote on request where no rate fits, and showroom pickup.

A site's forked Oscar ``shipping`` app re-exports ``contex_oscar.shipping.repository.Repository``.
"""
