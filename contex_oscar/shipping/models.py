"""Where the store delivers and how it charges: zones found by postcode, city or province.

Rates are Oscar's own ``WeightBased`` method and ``WeightBand`` rows (already
editable in Oscar's dashboard); a zone links to one of them. The Jabodetabek
zone (``CONTEX_JABODETABEK_ZONE``) delivers free, whatever the weight.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from contex_oscar.shipping.text import normalise_place

postcode_validator = RegexValidator(
    r"^[0-9]{5}$", _("An Indonesian postcode has five digits."), code="invalid_postcode"
)


class ShippingZone(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Part of the shipping method code shown to the API: zone-<code>."),
    )
    free_delivery = models.BooleanField(
        _("free delivery"),
        default=False,
        help_text=_("Deliver free whatever the weight (Jabodetabek)."),
    )
    weight_based = models.OneToOneField(
        "shipping.WeightBased",
        verbose_name=_("weight-based rates"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contex_zone",
        help_text=_(
            "Oscar's weight-based shipping method whose weight bands price this zone. "
            "Without it (or when no band is heavy enough) the call center quotes the cost."
        ),
    )
    min_days = models.PositiveSmallIntegerField(_("fastest delivery (working days)"), default=1)
    max_days = models.PositiveSmallIntegerField(_("slowest delivery (working days)"), default=2)
    is_active = models.BooleanField(_("active"), default=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = _("shipping zone")
        verbose_name_plural = _("shipping zones")

    def __str__(self):
        return self.name

    def clean(self):
        if self.min_days > self.max_days:
            raise ValidationError(
                {"max_days": _("The slowest delivery cannot be faster than the fastest.")}
            )


class PostcodeRange(models.Model):
    """Postcodes ``first``..``last`` (inclusive, five digits) lie in ``zone``.

    Ranges of different zones may overlap: the narrowest range wins, so staff
    can carve an exception (e.g. one island) out of a wide range.
    """

    zone = models.ForeignKey(
        ShippingZone,
        on_delete=models.CASCADE,
        related_name="postcode_ranges",
        verbose_name=_("zone"),
    )
    first = models.CharField(_("first postcode"), max_length=5, validators=[postcode_validator])
    last = models.CharField(_("last postcode"), max_length=5, validators=[postcode_validator])

    class Meta:
        ordering = ["first", "last"]
        verbose_name = _("postcode range")
        verbose_name_plural = _("postcode ranges")

    def __str__(self):
        return f"{self.first}–{self.last}"

    def clean(self):
        if self.first and self.last and self.first > self.last:
            raise ValidationError({"last": _("The last postcode comes before the first.")})

    @property
    def size(self):
        return int(self.last) - int(self.first)

    def contains(self, postcode):
        return self.first <= postcode <= self.last


class ZonePlace(models.Model):
    """A city or province name that places an address in ``zone`` when its postcode
    is missing or malformed. Names are compared case- and prefix-insensitively
    ("Kota Bekasi" = "bekasi")."""

    CITY = "city"
    PROVINCE = "province"
    KIND_CHOICES = [(CITY, _("City / regency")), (PROVINCE, _("Province"))]

    zone = models.ForeignKey(
        ShippingZone, on_delete=models.CASCADE, related_name="places", verbose_name=_("zone")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES, default=CITY)
    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="contex_unique_zone_place")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = normalise_place(self.name)
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None):
        self.key = normalise_place(self.name)
        super().validate_unique(exclude=exclude)
        clash = ZonePlace.objects.filter(kind=self.kind, key=self.key).exclude(pk=self.pk)
        if self.key and clash.exists():
            raise ValidationError(
                {
                    "name": _("This place already belongs to the zone %(zone)s.")
                    % {"zone": clash.first().zone}
                }
            )
