"""Consent in publishing, by job: the gate (who appears, whether they may be shown, the publish rule), overrides,
takedowns when consent stops covering someone, notices to curators, the consent report, and merges.

The consent rule itself is curation/people/rules.py; what pages and images show is decided again where they are
served (exhibitions/visibility.py). The names below are the package's API: `from exhibitions import consent`.
"""

from exhibitions.consent.gate import (  # noqa: F401
    BLOCKER_CODE,
    OVERRIDE_REASON_MIN,
    UNOVERRIDABLE,
    Appearance,
    ConsentRefused,
    appearances_for,
    consent_blockers,
    consent_problems,
    photo_ids_of,
    photo_items_of,
    publish_page_context,
    rule_consent,
)
from exhibitions.consent.merges import (  # noqa: F401
    snapshots_subject_replace,
)
from exhibitions.consent.notices import (  # noqa: F401
    notice_dismiss,
    notices_open,
)
from exhibitions.consent.overrides import (  # noqa: F401
    OverrideRevocation,
    consent_override_create,
    consent_override_revoke,
    consent_overrides_end_for,
)
from exhibitions.consent.report import (  # noqa: F401
    ConsentReport,
    ReportRow,
    consent_report,
)
from exhibitions.consent.takedowns import (  # noqa: F401
    TakedownCause,
    consents_expired_take_down,
    exhibitions_showing_photos_lock,
    published_photos_take_down,
    schedule_cancel,
    scheduled_publish_consent_check,
    snapshot_without,
    takedown_cause,
    takedowns_record,
)
