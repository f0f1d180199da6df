"""Social enterprises of the region, the network's versioned rating methodology and the
enterprises' assessments under it (the Vision, Priority 8: "a Central Asian social
enterprises rating system").

A methodology version holds impact areas, their questions and the points each answer
earns, and tracks (by size and sector) that switch questions off or weight them. A version
is frozen once an assessment uses it; the next version is a copy. How a score is computed
from the answers is stated once, in method.py.
"""

from .methodology import (  # noqa: F401
    AnswerOption,
    FrozenPart,
    ImpactArea,
    Methodology,
    NumberBand,
    Question,
    RatingLevel,
    Track,
    TrackRule,
)
from .ratings import (  # noqa: F401
    Answer,
    AnswerEvidence,
    EnterpriseAssessment,
    RatingRound,
    RatingSnapshot,
    answer_evidence_path,
)
from .registry import (  # noqa: F401
    RESERVED_SLUGS,
    EnterpriseMembership,
    Sector,
    Size,
    SocialEnterprise,
)
