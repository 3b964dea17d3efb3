"""Settings of the sandbox Contex Indonesia Store (a real Oscar site using contex-oscar).

SQLite by default; set DATABASE_URL=postgres://user@host:port/name for PostgreSQL (or
sqlite:////path/to/db.sqlite3: dj-database-url reads it), DJANGO_DEBUG=0 to run with DEBUG off
(WhiteNoise serves the collected static files from DJANGO_STATIC_ROOT).
"""

import contextlib
import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403

from contex_oscar import CONTEX_APPS, CONTEX_FIRST_APPS
from contex_oscar import defaults as contex_defaults
from contex_oscar.defaults import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "sandbox-only-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
# Where the sandbox serves (``dev.py sandbox [ADDRESS]`` sets it): pages' html_url, e-mailed links.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
SERVED = urlparse(WAGTAILADMIN_BASE_URL)
SERVED_SCHEME, SERVED_HOST = SERVED.scheme, SERVED.hostname
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver", SERVED_HOST]
if SERVED_HOST == "0.0.0.0":  # serving on every interface: reached under any name
    ALLOWED_HOSTS = ["*"]


def database_from_url(url, conn_max_age=0):
    """A ``DATABASE_URL`` (``postgres://user:pass@host:port/name``, ``sqlite:////abs/path``,
    anything dj-database-url reads) as a Django ``DATABASES`` entry."""
    database = dj_database_url.parse(
        url, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0
    )
    database["ATOMIC_REQUESTS"] = True
    return database


# Seconds a connection is kept between requests (0: one per request; production sets 60).
CONN_MAX_AGE = int(os.environ.get("DJANGO_CONN_MAX_AGE", "0"))
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"], CONN_MAX_AGE)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "ATOMIC_REQUESTS": True,
        }
    }
    if os.environ.get("SQLITE_TEST_PATH"):
        # a file-based test database lets ``pytest --reuse-db`` skip migrating
        DATABASES["default"]["TEST"] = {"NAME": os.environ["SQLITE_TEST_PATH"]}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    *CONTEX_FIRST_APPS,  # first: the store's Indonesian for Oscar's, oscarapi's and DRF's messages
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    # Oscar
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "oscar.apps.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",  # the store's Repository: contex_oscar.loading
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar.apps.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    # haystack before wagtail.search: both ship an ``update_index`` command.
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # REST
    "rest_framework",
    "oscarapi",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",  # the help pages' table block (contex_oscar.cms)
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.locales",  # Indonesian and English page trees
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v2",
    "modelcluster",
    "taggit",
    "django_filters",
    # django-tasks' database backend and its worker (manage.py db_worker), used in production
    "django_tasks_db",
    # the store
    *CONTEX_APPS,
    "sandbox.store",
]

MIDDLEWARE = [
    # each request's id (X-Request-ID) on its log lines and its answer; one line per request
    "contex_oscar.log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # a Content-Security-Policy on every answer (CONTEX_CONTENT_SECURITY_POLICY*)
    "contex_oscar.api.middleware.ContentSecurityPolicyMiddleware",
    # static files from the app itself with DEBUG off (after the CSP: they carry it too)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # a NUL byte in the address, JSON nested too deeply: a 400 JSON error, not a 500
    "contex_oscar.api.middleware.CraftedInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "sandbox.urls"
WSGI_APPLICATION = "sandbox.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    }
]

AUTHENTICATION_BACKENDS = (
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)

# Store time and language: Jakarta, Indonesian first, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
SITE_ID = 1

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "static"))
# WhiteNoise reads the folder at start-up (and warns if it is missing) before the first
# collectstatic has filled it (a read-only file system keeps the warning)
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SANDBOX_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Payment proofs (CONTEX_PROOF_STORAGE): outside MEDIA_ROOT, never served publicly.
    "contex_private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("SANDBOX_PRIVATE_ROOT", str(BASE_DIR / "private")),
            "base_url": "/no-public-url/",
        },
    },
}


# --- Object storage (S3-compatible; the extra "s3": django-storages with boto3) -----------
# Without these variables media and private files stay on the local disk (above).
#   S3_MEDIA_BUCKET     product images, Wagtail images and renditions (public links: a
#                       bucket policy reading all, S3_MEDIA_ACL=public-read where ACLs
#                       are on, or S3_MEDIA_CUSTOM_DOMAIN, a CDN in front)
#   S3_PRIVATE_BUCKET   payment proofs and ticket attachments (a private bucket: each
#                       download is a presigned link, CONTEX_PRIVATE_LINK_SECONDS long)
#   S3_ENDPOINT_URL     a non-AWS service (MinIO, Ceph, a cloud's S3 API); S3_REGION
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   read by boto3 itself (or an instance role)


def s3_storage(bucket, private, **options):
    """A ``STORAGES`` entry for ``bucket``: signed links only for a ``private`` one."""
    options = {
        "bucket_name": bucket,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "file_overwrite": False,  # two uploads of "scan.png" never replace each other
        "querystring_auth": private,
        "signature_version": "s3v4",  # links carry X-Amz-Expires; SigV2 is being retired
        "default_acl": "private" if private else None,
        **options,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


if os.environ.get("S3_MEDIA_BUCKET"):
    STORAGES["default"] = s3_storage(
        os.environ["S3_MEDIA_BUCKET"],
        private=False,
        custom_domain=os.environ.get("S3_MEDIA_CUSTOM_DOMAIN") or None,
        default_acl=os.environ.get("S3_MEDIA_ACL") or None,
    )
if os.environ.get("S3_PRIVATE_BUCKET"):
    STORAGES["contex_private"] = s3_storage(os.environ["S3_PRIVATE_BUCKET"], private=True)
# --- end of object storage -----------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = OSCAR_FROM_EMAIL = "toko@contex.example"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    # the store's wrapper: Redis down means no cache, never a 500 (contex_oscar.caching)
    CACHES = {
        "default": {
            "BACKEND": "contex_oscar.caching.FailSafeCache",
            "OPTIONS": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": os.environ["REDIS_URL"],
            },
        }
    }

HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
# The simple engine searches the database and keeps no index: Oscar's realtime processor
# would ask it to update one on every product save ("update is not implemented").
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

# Oscar
OSCAR_SHOP_NAME = "Contex Indonesia Store"
OSCAR_SHOP_TAGLINE = "Scanner format besar"
OSCAR_HOMEPAGE = "/"

# REST framework and the OpenAPI schema
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "contex_oscar.api.exceptions.exception_handler",
    # every list pages alike: ?page=N&page_size=M (20, at most 100)
    "DEFAULT_PAGINATION_CLASS": "contex_oscar.api.pagination.StorePagination",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's session authentication, CSRF-checking guests' writes too
        "contex_oscar.api.csrf.SessionAuthentication",
    ],
}
# Cookies are not sent on cross-site subrequests or POSTs (Django's default, stated).
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SPECTACULAR_SETTINGS = {
    "TITLE": "Contex Indonesia Store API",
    "DESCRIPTION": "Shop, payments, shipping, service center and help pages.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # two models' "status" choices: named, not StatusE0dEnum
    "ENUM_NAME_OVERRIDES": {
        "PaymentConfirmationStatusEnum": "contex_oscar.payment.models.PaymentConfirmation.STATUSES",
        "OrderStatusEnum": "contex_oscar.order.statuses.STATUSES",
    },
    "PREPROCESSING_HOOKS": ["contex_oscar.api.schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "contex_oscar.api.schema.name_category_lookups",  # one operationId per route
        "contex_oscar.api.schema.document_errors",  # 401/403/404/429 on every operation
    ],
}

# Wagtail
WAGTAIL_SITE_NAME = "Contex Indonesia Store"
# Help pages in Indonesian (default) and English; the API filters with ?locale=en.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "txt"]

LOGIN_REDIRECT_URL = "/dashboard/"

# E-mailed links (verification, password reset, tracking) on the served scheme; their
# {domain} is the Sites framework's, which load_demo_store sets to the served address.
CONTEX_ACCOUNT_VERIFY_URL = contex_defaults.CONTEX_ACCOUNT_VERIFY_URL.replace(
    "https:", f"{SERVED_SCHEME}:"
)
CONTEX_ACCOUNT_PASSWORD_RESET_URL = contex_defaults.CONTEX_ACCOUNT_PASSWORD_RESET_URL.replace(
    "https:", f"{SERVED_SCHEME}:"
)
CONTEX_ORDER_TRACKING_URL = contex_defaults.CONTEX_ORDER_TRACKING_URL.replace(
    "https:", f"{SERVED_SCHEME}:"
)
