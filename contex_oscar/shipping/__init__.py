"""Region-based shipping: free delivery in Jabodetabek, weight-and-zone rates elsewhere,
quote on request where no rate fits, and showroom pickup.

Oscar loads ``contex_oscar.shipping.repository.Repository`` through the package's class loader.
"""
