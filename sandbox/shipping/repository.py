# Oscar loads ``shipping.repository.Repository`` from this forked app first.
from contex_oscar.shipping.repository import Repository  # noqa: F401
