from django.dispatch import Signal

#: Sent after an order's status change is recorded (inside the transaction).
#: kwargs: order, old_status, new_status, record (OrderStatusRecord), user, note
order_status_changed = Signal()

#: Sent when placing orders reserved stock with one ``UPDATE`` (no ``post_save`` per stock
#: record): what shoppers see as available changed. kwargs: stockrecord_ids, products (the
#: products of those records, as the basket lines loaded them)
stock_allocated = Signal()
