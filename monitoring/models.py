"""The monitoring app's models, defined in its rooms and gathered here for Django (one app,
one set of tables and migrations)."""

from monitoring.commitments.models import (  # noqa: F401
    AffectedGroup,
    Assessment,
    AssessmentEvidence,
    CommitmentsImport,
    ImplementationSnapshot,
    Instrument,
    JointReport,
    Ratification,
    Recommendation,
    Signature,
    Theme,
)
from monitoring.consultations.models import (  # noqa: F401
    Consultation,
    ConsultationDocument,
    Contribution,
    Stakeholder,
)
from monitoring.dashboards.models import (  # noqa: F401
    DashboardState,
    PendingRecompute,
    ProgressSnapshot,
    StatusClass,
)
from monitoring.enterprises.models import (  # noqa: F401
    Answer,
    AnswerEvidence,
    AnswerOption,
    EnterpriseAssessment,
    EnterpriseMembership,
    ImpactArea,
    Methodology,
    NumberBand,
    Question,
    RatingLevel,
    RatingRound,
    RatingSnapshot,
    SocialEnterprise,
    Track,
    TrackRule,
)
from monitoring.projects.models import (  # noqa: F401
    Budget,
    Location,
    Participant,
    Project,
    ProjectsImport,
    Sector,
    Update,
)
from monitoring.reporting.models import (  # noqa: F401
    Evidence,
    IndicatorValue,
    ProgressReport,
    ReportEvent,
    ReportReminder,
    ValuesImport,
    evidence_path,
)
from monitoring.roadmaps.models import (  # noqa: F401
    DIMENSION_CATEGORIES,
    Dimension,
    IndicatorMilestone,
    ReportingPeriod,
    Roadmap,
    RoadmapIndicator,
)
from monitoring.sdg.models import SdgGoal, SdgIndicator, SdgTarget  # noqa: F401
