"""The sandbox's fork of Oscar's ``shipping`` app (made with ``oscar_fork_app``).

It exists only to re-export contex-oscar's shipping ``Repository``, the way
Oscar's documentation tells a site to customise shipping.
"""
