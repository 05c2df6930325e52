"""Media channels through which an exemplar is made known (Guide 2533 §III: media, central
committee, the northern border emulation cluster, provincial radio-TV; Plan 2690: unit website)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEBSITE = "website", _("Unit website")
    PRESS = "press", _("Press")
    RADIO_TV = "radio_tv", _("Provincial radio and television")
    CENTRAL = "central", _("Central committee")
    # Guide 2533 §III names it: Cụm thi đua 7 tỉnh miền núi biên giới phía Bắc.
    CLUSTER = "cluster", _("Emulation cluster of the 7 northern mountainous border provinces")
