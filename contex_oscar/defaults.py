"""Settings for a site running contex-oscar: ``from contex_oscar.defaults import *``.

Every package setting is named ``CONTEX_...`` and has its default here; read them
through ``contex_oscar.conf.contex_settings`` so a site's value wins. The
``OSCAR_*``/``OSCARAPI_*`` values wire the store's rules into the host frameworks.
"""

from datetime import timedelta as _timedelta

from django.utils.translation import gettext_lazy as _
from oscar.defaults import OSCAR_DASHBOARD_NAVIGATION as _OSCAR_NAVIGATION

from contex_oscar.cms.access import cms_access as _cms_access
from contex_oscar.dashboard.access import staff_access as _staff_access
from contex_oscar.order import statuses as _statuses

# --- the store's own settings (documented in README.md) -------------------------
#: Status of an order placed through the API before a payment method refines it.
CONTEX_INITIAL_ORDER_STATUS = _statuses.AWAITING_PAYMENT
#: Store time zone: deadlines, working days and e-mails are computed in it.
CONTEX_STORE_TIMEZONE = "Asia/Jakarta"
#: Country whose public holidays are not working days (``holidays`` package code).
CONTEX_HOLIDAY_COUNTRY = "ID"
#: The government's collective-leave days ("cuti bersama") are not working days either.
CONTEX_COLLECTIVE_LEAVE = True
#: Extra non-working dates (ISO strings) the holiday calendar lacks.
CONTEX_EXTRA_HOLIDAYS = ()
#: Largest file a shopper may upload (payment proofs, warranty cards, photos).
CONTEX_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: Most pixels an uploaded image may have (a small file can unpack into a huge image).
CONTEX_MAX_IMAGE_PIXELS = 50_000_000
#: Content-Security-Policy of every HTML page (``ContentSecurityPolicyMiddleware``): the
#: dashboard's and Wagtail admin's inline scripts need ``'unsafe-inline'``; Oscar's base
#: template loads jQuery from Google's CDN. Empty: no header.
CONTEX_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'unsafe-inline' https://ajax.googleapis.com; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "frame-src 'self' https:; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'self'"
)
#: Content-Security-Policy of every other answer (JSON, proofs and attachments served
#: inline): nothing in it may run or be framed elsewhere.
CONTEX_CONTENT_SECURITY_POLICY_OTHER = "default-src 'none'; frame-ancestors 'none'; sandbox"
#: Slug of the shipping zone that is Jabodetabek (free delivery; COD allowed there).
CONTEX_JABODETABEK_ZONE = "jabodetabek"
#: ISO codes of the countries the store delivers to; other addresses get a quote.
CONTEX_SHIPPING_COUNTRIES = ("ID",)
#: Catalogue attribute holding a product's weight in kg.
CONTEX_WEIGHT_ATTRIBUTE = "weight"
#: Catalogue attributes holding the packed length, width and height in cm.
CONTEX_DIMENSION_ATTRIBUTES = ("length", "width", "height")
#: Volumetric weight (kg) = length × width × height (cm) / this divisor.
CONTEX_VOLUMETRIC_DIVISOR = 6000

#: Page slugs editors may not give a page right under a site's home page, because the
#: shop serves that address (Oscar's apps and the package's API/CMS mounts). Any other
#: URL the URLconf resolves to a non-Wagtail view is refused as well.
CONTEX_CMS_RESERVED_SLUGS = (
    "catalogue",
    "basket",
    "checkout",
    "accounts",
    "search",
    "dashboard",
    "offers",
    "wishlists",
    "api",
    "cms",
)
#: Renditions the CMS API adds to every image (name -> Wagtail filter spec).
CONTEX_CMS_IMAGE_RENDITIONS = {
    "thumbnail": "fill-320x200",
    "medium": "max-800x800",
    "large": "max-1600x1600",
}
#: Front-end URL that shows a draft; ``{token}`` is replaced by the signed preview token
#: the front end passes to ``/api/cms/v2/pages/preview/?token=``. Empty: editors get the
#: API preview URL itself.
CONTEX_CMS_PREVIEW_URL = ""
#: Seconds a signed preview link stays valid.
CONTEX_CMS_PREVIEW_MAX_AGE = 60 * 60
#: Seconds the default site's store settings (e-mail sign-offs) stay in Django's cache.
#: Saving the settings or a Wagtail site clears them at once (in every process when the
#: cache is shared, e.g. Redis); 0 reads them from the database every time.
CONTEX_STORE_SETTINGS_CACHE_SECONDS = 60
#: Seconds an anonymous ``GET /api/products/`` answer may be served from Django's cache;
#: any catalogue or stock change starts afresh at once (see ``api.catalogue_cache``);
#: 0 serialises every request.
CONTEX_CATALOGUE_CACHE_SECONDS = 30

# --- payments (contex_oscar.payment) ---
#: Payment method classes offered at checkout, in display order; drop one to disable it.
CONTEX_PAYMENT_METHODS = (
    "contex_oscar.payment.methods.BankTransfer",
    "contex_oscar.payment.methods.CashOnDelivery",
    "contex_oscar.payment.methods.ShowroomPayment",
)
#: Method used when a checkout names none (None: ``payment_method`` is required).
CONTEX_DEFAULT_PAYMENT_METHOD = "bank-transfer"
#: The version of the terms and conditions a shopper accepts at checkout, recorded with the
#: order when no live help page has the topic "terms" (then its id and revision are).
CONTEX_TERMS_VERSION = "1"
#: How long a bank-transfer order waits for its payment ("1×24 jam"): a timedelta.
CONTEX_BANK_TRANSFER_DEADLINE = _timedelta(hours=24)
#: Add a 3-digit unique code to each open bank-transfer order's amount due.
CONTEX_BANK_TRANSFER_UNIQUE_CODE = True
#: Smallest and largest unique code (inclusive).
CONTEX_UNIQUE_CODE_RANGE = (1, 999)
#: The reminder e-mail goes out this long before the deadline (once).
CONTEX_PAYMENT_REMINDER_BEFORE = _timedelta(hours=6)
#: Working days staff have to review a payment confirmation ("2×24 jam kerja").
CONTEX_PAYMENT_REVIEW_WORKING_DAYS = 2
#: ``STORAGES`` alias of the private storage holding proofs (never public media).
CONTEX_PROOF_STORAGE = "contex_private"
#: Seconds a presigned download link to a private file (proof, ticket attachment) lives
#: when the private storage is an S3 bucket: the view checks who asks, then redirects to
#: a link signed for this long (a local-disk storage streams the file instead).
CONTEX_PRIVATE_LINK_SECONDS = 60
#: Working days a showroom-pickup order stays reserved once it is ready for pickup; the
#: expiry job releases it (cancelled, goods back in stock) after the last of them.
CONTEX_PICKUP_DAYS = 7
#: Orders the expiry job locks and cancels per transaction (small: a shopper's
#: confirmation for a locked order waits for the batch to commit).
CONTEX_PAYMENT_EXPIRY_BATCH_SIZE = 200
#: Confirmations and proofs reached by number + e-mail: failed look-ups per client (across
#: order numbers) and per order number (from any client).
CONTEX_PAYMENT_CONFIRMATION_RATE = "20/hour"

# --- shopper accounts (contex_oscar.accounts) ---
#: Accounts registered through the API (or Oscar's sign-up) stay inactive until the
#: shopper follows the e-mailed link.
CONTEX_REQUIRE_EMAIL_VERIFICATION = True
#: Seconds a verification link stays valid.
CONTEX_VERIFICATION_MAX_AGE = 3 * 24 * 60 * 60
#: Front-end page that verifies an address; ``{domain}`` (the Oscar site) and ``{token}``
#: are filled in. It POSTs the token to ``/api/accounts/verify-email/``.
CONTEX_ACCOUNT_VERIFY_URL = "https://{domain}/akun/verifikasi/?token={token}"
#: Front-end page that sets a new password (``{domain}``, ``{uid}``, ``{token}``); it POSTs
#: to ``/api/accounts/password-reset/confirm/``.
CONTEX_ACCOUNT_PASSWORD_RESET_URL = (
    "https://{domain}/akun/atur-ulang-sandi/?uid={uid}&token={token}"
)
#: Register/resend/reset requests per client (DRF rate "count/period").
CONTEX_ACCOUNT_EMAIL_RATE_PER_CLIENT = "20/hour"
#: Register/resend/reset requests per e-mail address, whether or not it has an account.
CONTEX_ACCOUNT_EMAIL_RATE_PER_ADDRESS = "3/hour"
#: Failed logins (``/api/login/`` and Oscar's login form) per client, across accounts.
CONTEX_LOGIN_RATE_PER_CLIENT = "30/15m"
#: Failed logins per account (the address tried), from every client together; the owner is
#: held up for the rest of the quarter hour at most (a password reset link still works).
CONTEX_LOGIN_RATE_PER_ACCOUNT = "10/15m"

# --- order lifecycle (contex_oscar.order) ---
#: ``POST /api/orders/track/`` (and the out-of-stock choice): failed look-ups per client.
CONTEX_TRACKING_RATE_PER_CLIENT = "30/hour"
#: The same per order number, from any client (a signed tracking link is not held up).
CONTEX_TRACKING_RATE_PER_ORDER = "15/hour"
#: The front end's tracking page in every order e-mail: ``{domain}`` (the Oscar site),
#: ``{token}`` (a signed tracking token) and ``{number}`` are filled in. The page POSTs
#: ``{"token": ...}`` to ``/api/orders/track/``.
CONTEX_ORDER_TRACKING_URL = "https://{domain}/lacak-pesanan/?token={token}"
#: Seconds a tracking link stays valid (each order e-mail carries a fresh one).
CONTEX_ORDER_TRACKING_LINK_MAX_AGE = 90 * 24 * 60 * 60
#: Couriers suggested in the dashboard's shipment form (staff may type another).
CONTEX_COURIERS = ("JNE", "J&T Express", "SiCepat", "TIKI", "Pos Indonesia", "AnterAja")

# --- service center (contex_oscar.service_center) ---
#: Catalogue attribute holding a product's warranty type ("standard"/"lifetime"); unset = none.
CONTEX_WARRANTY_ATTRIBUTE = "warranty_type"
#: Product attribute (a date) holding the last day a model was produced: lifetime warranties
#: go to the manufacturer until that day (included); unset means still produced.
CONTEX_PRODUCTION_ENDED_ATTRIBUTE = "production_ended_on"
#: Calendar days after delivery in which a hardware defect (box complete) is dead on arrival.
CONTEX_SERVICE_DOA_DAYS = 7
#: Years of the store's warranty (standard products; year 1 of lifetime products).
CONTEX_SERVICE_WARRANTY_YEARS = 1
#: Working days after delivery in which a ship-in claim gets return shipping paid by the store.
CONTEX_SERVICE_FREE_RETURN_WORKING_DAYS = 14
#: An on-site visit is due the next working day and at the latest this many working days on.
CONTEX_SERVICE_VISIT_MAX_WORKING_DAYS = 2
#: Where the morning visit window ends and the afternoon one starts (store time).
CONTEX_SERVICE_VISIT_MIDDAY = "12:00"
#: End of the after-hours visit window (it starts when the office closes).
CONTEX_SERVICE_AFTER_HOURS_VISIT_UNTIL = "20:00"
#: How far ahead (days) a pickup or consultation visit may be booked.
CONTEX_SERVICE_BOOKING_HORIZON_DAYS = 30
#: Most files (warranty card, invoice, photos) one ticket may hold.
CONTEX_SERVICE_MAX_ATTACHMENTS = 10
#: ``STORAGES`` alias of the private storage for ticket attachments (never public media).
CONTEX_SERVICE_ATTACHMENT_STORAGE = "contex_private"
#: Seconds a signed attachment download link (given with a ticket) stays valid.
CONTEX_SERVICE_ATTACHMENT_LINK_SECONDS = 60 * 60
#: Ticket look-ups by number + e-mail (track, quote decision, uploads) per client.
CONTEX_SERVICE_TRACK_RATE_PER_CLIENT = "30/hour"
#: Ticket look-ups by number + e-mail per ticket number, from any client.
CONTEX_SERVICE_TRACK_RATE_PER_TICKET = "15/hour"
#: New service requests per client.
CONTEX_SERVICE_CREATE_RATE = "20/hour"

#: E-mail outbox (``contex_oscar.outbox``): try each message right after the commit that
#: wrote it (a django-tasks task; a failure stays in the outbox for ``deliver_outbox``).
CONTEX_OUTBOX_DELIVER_ON_COMMIT = True
#: Attempts before a message is marked failed (staff can resend it from the dashboard).
CONTEX_OUTBOX_MAX_ATTEMPTS = 10
#: Wait after the first failed attempt (seconds); it doubles with each further failure...
CONTEX_OUTBOX_RETRY_BASE_SECONDS = 60
#: ...up to this many seconds.
CONTEX_OUTBOX_RETRY_MAX_SECONDS = 6 * 60 * 60
#: Seconds a worker holds a message it took; if it dies, another takes it after this.
CONTEX_OUTBOX_CLAIM_SECONDS = 5 * 60
#: Messages one delivery pass takes.
CONTEX_OUTBOX_BATCH_SIZE = 100
#: Webhooks (``contex_oscar.webhooks``, delivered by the outbox): seconds an endpoint has to
#: answer one delivery; a slower one counts as a failed attempt and is retried.
CONTEX_WEBHOOK_TIMEOUT_SECONDS = 10
#: How old a signature's timestamp may be when ``webhooks.verify_signature`` checks it
#: (seconds): a receiver refuses a captured delivery played back later.
CONTEX_WEBHOOK_TOLERANCE_SECONDS = 5 * 60
#: The task worker's schedule (``contex_oscar.schedule``, django-tasks-db's ``db_worker``):
#: seconds between two runs of the deadline job (reminders, expiry, uncollected pickups)...
CONTEX_SCHEDULE_DEADLINE_SECONDS = 60
#: ...and between two passes over the outbox's due e-mails (retries).
CONTEX_SCHEDULE_OUTBOX_SECONDS = 60
#: ``health/`` (``contex_oscar.health``) reports the outbox unhealthy when an e-mail has been
#: pending longer than this (seconds): the worker is down or the mail server refuses.
CONTEX_HEALTH_OUTBOX_MAX_AGE_SECONDS = 15 * 60

# --- host framework wiring ----------------------------------------------------
OSCAR_DEFAULT_CURRENCY = "IDR"
OSCAR_ORDER_STATUS_PIPELINE = _statuses.ORDER_STATUS_PIPELINE
OSCAR_ORDER_STATUS_CASCADE = _statuses.ORDER_STATUS_CASCADE
OSCAR_LINE_STATUS_PIPELINE = _statuses.LINE_STATUS_PIPELINE
OSCAR_INITIAL_ORDER_STATUS = CONTEX_INITIAL_ORDER_STATUS
OSCAR_INITIAL_LINE_STATUS = CONTEX_INITIAL_ORDER_STATUS
OSCARAPI_INITIAL_ORDER_STATUS = CONTEX_INITIAL_ORDER_STATUS
OSCARAPI_OVERRIDE_MODULES = ["contex_oscar.api.oscarapi_overrides"]
OSCAR_ALLOW_ANON_CHECKOUT = True
# GET /api/login/ answers the signed-in shopper (oscarapi: 204 with nothing to read), so a
# front end can ask who is signed in; only these fields, never the generated username.
OSCARAPI_EXPOSE_USER_DETAILS = True
OSCARAPI_USER_FIELDS = ("email", "first_name", "last_name", "date_joined")
# Oscar's class loader with the store's replacements (e.g. the dashboard's stock form).
OSCAR_DYNAMIC_CLASS_LOADER = "contex_oscar.loading.class_loader"
# The CMS API serves rich text as display HTML (page links resolved), not Wagtail's
# internal markup; a client may still ask ``?rich_text_format=markdown``.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"

# The store's staff pages, appended to Oscar's dashboard menu. Each app adds its
# entries to ``CONTEX_DASHBOARD_MENU`` (url names live in ``contex-dashboard``).
CONTEX_DASHBOARD_MENU = []
CONTEX_DASHBOARD_MENU.append(
    {
        "label": _("Content (CMS)"),
        "icon": "fas fa-file-alt",
        "url_name": "contex-dashboard:cms",
        "access_fn": _cms_access,
    }
)
CONTEX_DASHBOARD_MENU += [
    {
        "label": _("Shipping zones"),
        "icon": "fas fa-truck",
        "url_name": "contex-dashboard:shipping-zone-list",
        "access_fn": _staff_access,
    },
    {
        "label": _("Shipping quotes"),
        "icon": "fas fa-phone",
        "url_name": "contex-dashboard:shipping-quote-list",
        "access_fn": _staff_access,
    },
]
CONTEX_DASHBOARD_MENU.append(
    {
        "label": _("Order status"),
        "icon": "fas fa-shipping-fast",
        "url_name": "contex-dashboard:order-lifecycle-list",
        "access_fn": _staff_access,
    }
)
CONTEX_DASHBOARD_MENU.append(
    {
        "label": _("Service tickets"),
        "icon": "fas fa-tools",
        "url_name": "contex-dashboard:service-center-ticket-list",
        "access_fn": _staff_access,
    }
)
CONTEX_DASHBOARD_MENU += [
    {
        "label": _("Payment confirmations"),
        "icon": "fas fa-money-check-alt",
        "url_name": "contex-dashboard:payment-confirmation-list",
        "access_fn": _staff_access,
    },
    {
        "label": _("Unpaid bank transfers"),
        "icon": "fas fa-hourglass-half",
        "url_name": "contex-dashboard:payment-awaiting-list",
        "access_fn": _staff_access,
    },
    {
        "label": _("COD and showroom payments"),
        "icon": "fas fa-hand-holding-usd",
        "url_name": "contex-dashboard:payment-collect-list",
        "access_fn": _staff_access,
    },
    {
        "label": _("Refunds owed"),
        "icon": "fas fa-undo-alt",
        "url_name": "contex-dashboard:payment-refund-list",
        "access_fn": _staff_access,
    },
    {
        "label": _("Bank accounts"),
        "icon": "fas fa-university",
        "url_name": "contex-dashboard:payment-bank-account-list",
        "access_fn": _staff_access,
    },
]
CONTEX_DASHBOARD_MENU += [
    {
        "label": _("E-mail outbox"),
        "icon": "fas fa-envelope",
        "url_name": "contex-dashboard:outbox-list",
        "access_fn": _staff_access,
    },
    {
        "label": _("Webhooks"),
        "icon": "fas fa-plug",
        "url_name": "contex-dashboard:webhook-endpoint-list",
        "access_fn": _staff_access,
    },
]
OSCAR_DASHBOARD_NAVIGATION = [
    *_OSCAR_NAVIGATION,
    {
        "label": _("Store"),
        "icon": "fas fa-store",
        "access_fn": _staff_access,
        "children": CONTEX_DASHBOARD_MENU,
    },
]
