"""The language of data files.

Excel rosters, exports and their templates hold Chinese choice labels (已交付, 业主, …) that the
import reads back, so they are written and read in the product's own language whatever the
language of the screen or the API request that asks for them.
"""

from django.conf import settings
from django.utils import translation


def data_language() -> translation.override:
    """Use as ``with data_language():`` or as a decorator."""
    return translation.override(settings.LANGUAGE_CODE)
